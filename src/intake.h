/*
 * intake.h — the request intake register (维护请求收件登记表): numbering,
 * validation, adding, editing, handing over to the technical department,
 * voiding, and paging through the register for lists and searches.
 *
 * Register numbers have the form YYYYMM-NNNN (at least four digits, more
 * when a month passes 9999): one gapless sequence per month of receipt,
 * assigned in the same transaction as the insert, so two processes adding at
 * once get consecutive numbers and a failed add consumes none. A voided
 * request keeps its number.
 *
 * Self-contained; no curses. Every function that changes data runs one
 * transaction of its own and writes an audit row.
 */
#ifndef SERVDESK_INTAKE_H
#define SERVDESK_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "common.h"
#include "store.h"

enum sd_channel { CH_FAX, CH_PHONE, CH_LETTER, CH_EMAIL, CH_VISIT, CH_COUNT };
enum sd_req_status { RS_OPEN, RS_HANDED, RS_VOID, RS_COUNT };

/* Stored code of a channel ("fax", "phone", "letter", "email", "visit"). */
const char *intake_channel_code(int ch);
/* Translated display name of a channel (传真, 电话, ...). */
const char *intake_channel_name(int ch);
/*
 * Parse a channel: the stored code, its English name, or the Chinese names
 * (传真, 电话, 信函/来函, 电子邮件/邮件/E-mail, 来访/上门). Returns -1 if unknown.
 */
int intake_channel_parse(const char *s);

const char *intake_status_code(int st);   /* "open", "handed", "void" */
const char *intake_status_name(int st);   /* translated */
int intake_status_parse(const char *s);   /* code or Chinese name; -1 if unknown */

/* Translated one-line definition of a priority 1..4 (from the seeds). */
const char *intake_priority_desc(int p);
/* Parse "P1".."P4", "1".."4" (case-insensitive); -1 if invalid. */
int intake_priority_parse(const char *s);

/* One request. All strings are UTF-8, malloc'd, NULL where empty. */
typedef struct sd_request {
	long long id;           /* row id; 0 before insert */
	char regno[24];         /* "YYYYMM-NNNN"; empty before insert */
	char received_at[17];   /* "YYYY-MM-DD HH:MM" */
	int channel;            /* enum sd_channel */
	int fax_pages;          /* fax only; 0 = not given */
	char *customer;         /* organisation (required) */
	char *requester;        /* requester's name (required) */
	char *phone;            /* requester's phone (required) */
	char *serial;           /* equipment serial number (optional) */
	int priority;           /* 1..4 */
	char *received_by;      /* operator login */
	char *handed_to;        /* technical-department receiver (login) */
	char handed_at[17];     /* "" when not handed */
	int status;             /* enum sd_req_status */
	char *void_reason;
	char *dup_of;           /* register number of a likely duplicate, if flagged */
	int version;            /* bumped on every change */
	char **items;           /* maintenance items, each possibly multi-line */
	size_t nitems;
	long long visit_id;     /* the follow-up visit that found the fault; 0 none */
} sd_request;

void intake_request_init(sd_request *r);          /* zero, priority 3, channel phone */
void intake_request_free(sd_request *r);          /* frees members, leaves r zeroed */
void intake_request_add_item(sd_request *r, const char *text);   /* copies text */
void intake_request_copy(sd_request *dst, const sd_request *src);

/*
 * Check a request's fields before saving. Returns SD_OK or SD_DATAERR with
 * err->msg naming the field ("customer: required", "phone: ..."), translated.
 * *field (if not NULL) is set to the offending field's code ("customer",
 * "requester", "phone", "items", "received_at", "fax_pages", "channel",
 * "priority", "serial") so that a form can put the cursor there.
 */
int intake_validate(const sd_request *r, const char **field, sd_err *err);

/* Parse "YYYY-MM-DD HH:MM" (also with ":SS", which is dropped); normalises into out. */
bool intake_parse_time(const char *s, char out[17]);
/* Parse "YYYY-MM" into "YYYYMM"; false if invalid. */
bool intake_parse_month(const char *s, char out[7]);
/* Parse a register number "YYYYMM-NNNN" into month "YYYYMM" and seq; false if malformed. */
bool intake_parse_regno(const char *s, char month[7], long *seq);
/*
 * A number of another monthly series, "PPYYYYMM-NNNN" (PP the series'
 * two-letter prefix: repair orders RM, returns TH, quotations QT): month
 * "YYYYMM" (a real month) and seq (1 or more) from it; false if malformed.
 */
bool intake_parse_series_no(const char *s, const char *prefix, char month[7], long *seq);
/* Format a register number from month and seq. */
void intake_format_regno(char out[24], const char *month, long seq);
/*
 * The next number of a gapless monthly series, inside the caller's open
 * transaction: the counter kept in month_seq under key (the month "YYYYMM"
 * for request numbers; a series prefix and the month, "RMYYYYMM", for
 * repair orders) goes up by one, starting at 1 in a new month; the number
 * into *seq. A rolled-back transaction leaves no gap.
 */
int intake_next_seq(store *st, const char *key, long *seq, sd_err *err);

/*
 * Add a request: validates, sets received_by to the acting person if empty,
 * received_at to now if empty, assigns the next register number of the month
 * of receipt (or keeps r->regno if already set: import), flags a likely
 * duplicate (same customer and serial within the setting dup_window_hours,
 * default 72), inserts items and the search row, writes the audit row.
 * On success fills r->id, r->regno, r->version, r->dup_of.
 * Errors: SD_DATAERR (validation; register number already used), SD_BUSY, SD_IOERR.
 * If in_tx is true the caller already holds a transaction (import, demo):
 * then no audit row is written per request; the caller writes one audit row
 * for the whole batch.
 */
int intake_add(store *st, sd_request *r, bool in_tx, sd_err *err);

/*
 * What intake_add does before it writes: trims the fields, validates them
 * (unless validated: the caller did), fills received_at and handed_at with
 * now ("YYYY-MM-DD HH:MM"; NULL: the clock) where needed, marks a request
 * with a receiver handed, and makes the acting person the receiver of record
 * if none is named. SD_OK or SD_DATAERR naming the field.
 */
int intake_prepare(store *st, sd_request *r, const char *now, bool validated, sd_err *err);

/*
 * The text the request search indexes (customer, requester, phone, serial
 * and the items, a line each), appended to out. Blank items are left out,
 * as they are when the items are saved (intake_item_blank).
 */
void intake_search_body(const sd_request *r, buf *out);
bool intake_item_blank(const char *item);

/* The likely duplicate's window in hours (setting dup_window_hours, default 72; 0: off). */
long intake_dup_window(store *st);

/* Load a request by register number. SD_DATAERR "no request with register number ..." if none. */
int intake_get(store *st, const char *regno, sd_request *out, sd_err *err);

/*
 * Save an edited request (matched by r->regno). The edit is refused with
 * SD_DATAERR if the stored version differs from r->version (changed
 * meanwhile): err->msg then says who changed it, and *current (if not NULL)
 * receives the stored values so the caller can show them. A voided request
 * cannot be edited. Register number, received_by and status are not
 * changed by an edit. On success r->version is the new version.
 */
int intake_update(store *st, sd_request *r, sd_request *current, sd_err *err);

/*
 * Hand a request to the technical department: to must be an active staff
 * member (engineer or supervisor); at defaults to now if NULL or empty.
 * Refused for a voided request. expected_version < 0 skips the optimistic
 * check (CLI); otherwise a changed request is refused as in intake_update.
 */
int intake_hand(store *st, const char *regno, const char *to, const char *at,
                int expected_version, sd_err *err);

/* Void a request; the reason is required. The number stays, marked void. */
int intake_void(store *st, const char *regno, const char *reason,
                int expected_version, sd_err *err);

/* ---------------------------------------------------------------- lists */

enum sd_req_sort { SORT_REGNO, SORT_RECEIVED, SORT_CUSTOMER, SORT_PRIORITY, SORT_STATUS, SORT_COUNT };
const char *intake_sort_name(int sort);   /* translated column name */

/* What a list shows. Zero-initialise with intake_query_init. */
typedef struct sd_req_query {
	char month[7];        /* "YYYYMM" or "" for all */
	int channel;          /* enum sd_channel, -1 for all */
	int status;           /* enum sd_req_status, -1 for all */
	const char *search;   /* substring of customer/requester/phone/items; NULL or "" for none */
	int sort;             /* enum sd_req_sort */
	bool desc;            /* newest/largest first */
} sd_req_query;

void intake_query_init(sd_req_query *q);   /* all, sorted by register number, descending */

/* One row of a list: the columns a list shows, and the key to page from it. */
typedef struct sd_req_row {
	long long id;
	char regno[24];
	char received_at[17];
	int channel;
	int priority;
	int status;
	bool dup;              /* flagged as a likely duplicate */
	char *customer;        /* malloc'd */
	char *requester;       /* malloc'd */
	char *phone;           /* malloc'd */
	char *first_item;      /* first maintenance item, malloc'd */
	char *handed_to;       /* malloc'd or NULL */
	/* paging key (opaque to callers) */
	char key_text[64];
	long long key_num;
} sd_req_row;

void intake_row_free(sd_req_row *row);

enum sd_page_from {
	PAGE_FIRST,     /* from the top of the list */
	PAGE_LAST,      /* the last `limit` rows of the list, in list order */
	PAGE_AFTER,     /* rows after `anchor` */
	PAGE_BEFORE     /* rows before `anchor`, returned in list order */
};

/*
 * Fetch up to limit rows of the list q, in list order, relative to anchor
 * (a row previously returned, for PAGE_AFTER/PAGE_BEFORE). Never reads more of
 * the table than the page needs (keyset paging over indexes), except for a
 * search of fewer than three characters, which scans. Fills rows[0..*n).
 * Returns SD_OK, or SD_INTERNAL with err->msg "interrupted" if the interrupt
 * callback (store_set_interrupt) cancelled the query.
 */
int intake_page(store *st, const sd_req_query *q, enum sd_page_from from,
                const sd_req_row *anchor, int limit, sd_req_row *rows, int *n,
                sd_err *err);

/*
 * The request search, for lists of other registers that join the request
 * table as r: intake_search_where appends " AND <condition>" on r.id for the
 * search (nothing when search is NULL or empty), choosing the plan as
 * intake_page does (the search index from one character; walking the list
 * when matches are many, if walk_ok: the list is ordered by an index of r);
 * after preparing, intake_search_bind binds its :search parameter.
 */
void intake_search_where(store *st, const char *search, bool walk_ok, buf *sql);
void intake_search_bind(sqlite3_stmt *s, const char *search);

/*
 * Call fn for every request matching q, in list order, with its full record
 * (for exports and CLI lists). Stops and returns fn's status if non-zero.
 */
int intake_each(store *st, const sd_req_query *q,
                int (*fn)(const sd_request *r, void *arg), void *arg, sd_err *err);

#endif
