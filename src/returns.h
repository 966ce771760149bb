/*
 * returns.h — returns and exchanges (退换货) of products, raised on a ledger
 * entry or on a complaint, and their 产品质量退换通知单.
 *
 * A return (退货) takes a product back; an exchange (换货) takes it back and
 * issues a replacement from the store. Its number THYYYYMM-NNNN is gapless
 * per month (the month it was raised; intake_next_seq under 'TH' YYYYMM).
 * Lifecycle (enum sd_return_state):
 *
 *   requested  raised: kind, product, quantity, cause
 *   approved   the supervisor approved it (date, person, remark)  (approve)
 *   refused    the supervisor refused it (remark required); final  (refuse)
 *   received   carried out: the product is back; for an exchange the
 *              replacement was issued from the store to the ledger entry,
 *              a stock movement naming the return                 (receive)
 *   closed     the returned product's disposition: restock (received back
 *              into the store at its cost: the replacement issue's cost,
 *              else the current average), repair (optionally naming a
 *              repair order), scrap, or return to the supplier     (close)
 *
 * Nothing is carried out before approval: the core refuses, and a CHECK of
 * the table makes a received or closed row without a decision impossible.
 *
 * Who may: raise: operator, engineer, supervisor (ACT_RETURN_RAISE);
 * approve, refuse: supervisor (ACT_RETURN_APPROVE); receive and close (the
 * stock sides): storekeeper, supervisor (ACT_RETURN_CARRY; the stock
 * movements also ask ACT_STOCK_MOVE, which the same roles have).
 *
 * Every change is one transaction with an audit row; steps take
 * expected_version (< 0: no check) and refuse a return changed meanwhile.
 * Self-contained; no curses.
 */
#ifndef SERVDESK_RETURNS_H
#define SERVDESK_RETURNS_H

#include <stdbool.h>
#include <stdint.h>
#include "common.h"
#include "doc.h"
#include "intake.h"
#include "store.h"

enum sd_return_kind { RK_RETURN, RK_EXCHANGE, RK_COUNT };
enum sd_return_state { RTS_REQUESTED, RTS_APPROVED, RTS_REFUSED, RTS_RECEIVED, RTS_CLOSED, RTS_COUNT };
enum sd_return_step { RTSTEP_APPROVE, RTSTEP_REFUSE, RTSTEP_RECEIVE, RTSTEP_CLOSE, RTSTEP_COUNT };
enum sd_return_cause { RC_QUALITY, RC_WRONG_DELIVERY, RC_TRANSPORT, RC_CHANGED_MIND, RC_OTHER, RC_COUNT };
enum sd_return_disp { RD_RESTOCK, RD_REPAIR, RD_SCRAP, RD_SUPPLIER, RD_COUNT };

/* Stored codes, translated names, and parsing (code or translated name; -1 if unknown). */
const char *return_kind_code(int k);      /* "return", "exchange" */
const char *return_kind_name(int k);      /* 退货, 换货 */
int return_kind_parse(const char *s);
const char *return_state_code(int s);     /* "requested", "approved", "refused", "received", "closed" */
const char *return_state_name(int s);
int return_state_parse(const char *s);
const char *return_step_code(int step);   /* "approve", "refuse", "receive", "close" */
const char *return_cause_code(int c);     /* "quality", "wrong_delivery", "transport", "changed_mind", "other" */
const char *return_cause_name(int c);
int return_cause_parse(const char *s);
const char *return_disp_code(int d);      /* "restock", "repair", "scrap", "supplier" */
const char *return_disp_name(int d);
int return_disp_parse(const char *s);

/* The state step leads to from state from, or -1 (then *why, translated, says why). */
int return_next_state(int from, int step, const char **why);

/* "THYYYYMM-NNNN" from month "YYYYMM" and seq; parse it back (false if malformed). */
void return_format_no(char out[24], const char *month, long seq);
bool return_parse_no(const char *s, char month[7], long *seq);

/* One return or exchange. Strings malloc'd or NULL; dates "" when not set. */
typedef struct sd_return {
	long long id;
	char thno[24];
	int kind;
	char regno[24];           /* the ledger entry, "" if none */
	long long complaint_id;   /* the complaint, 0 if none */
	char *customer;
	char *serial;             /* the product: a serial ... */
	char *part_no;            /* ... or a part number */
	char *product;            /* the equipment's model or the part's name, when on record */
	long qty;
	char *replacement;        /* exchange: the part issued in its place (NULL: part_no) */
	int cause;
	char *cause_text;
	int state;
	int version;
	char raised_on[11];    char *raised_by;
	char decided_on[11];   char *decided_by;   char *decision_note;
	char received_on[11];  char *received_by;
	char closed_on[11];    char *closed_by;
	int disposition;          /* -1 until closed */
	char *repair_no;
	char *close_note;
} sd_return;

void return_free(sd_return *r);

/* Load a return by number (SD_DATAERR naming it when there is none). */
int return_get(store *st, const char *thno, sd_return *out, sd_err *err);

/* What raises a return. */
typedef struct sd_return_new {
	int kind;                 /* enum sd_return_kind */
	const char *regno;        /* the ledger entry (not closed) ... */
	long long complaint_id;   /* ... or the complaint (> 0); at least one; the complaint's entry is used */
	const char *serial;       /* the product: an equipment serial, or */
	const char *part_no;      /* a part number of the store (exactly one of the two) */
	long qty;                 /* >= 1 (0: 1) */
	const char *replacement;  /* exchange: the part to issue (NULL: part_no; required for a serial) */
	int cause;                /* enum sd_return_cause */
	const char *cause_text;   /* required for RC_OTHER */
	const char *on;           /* the date raised, NULL or "": today */
} sd_return_new;

int return_raise(store *st, const sd_return_new *n, char thno[24], sd_err *err);

/* What a step records (fields a step does not use are ignored). */
typedef struct sd_return_args {
	const char *on;           /* the date, NULL or "": today */
	const char *note;         /* approve (optional), refuse (required), close (optional): the remark */
	int disposition;          /* close: enum sd_return_disp */
	const char *repair_no;    /* close with RD_REPAIR: the repair order (optional; must exist) */
} sd_return_args;

int return_step(store *st, const char *thno, int step, const sd_return_args *a, int expected_version,
                sd_err *err);

/*
 * Returns in order of raising (raised_on, id), keyset-paged as intake_page:
 * open_only leaves out closed and refused ones; state (-1: any); regno (NULL:
 * all) those of one entry; complaint_id (0: all) those of one complaint.
 */
typedef struct sd_return_query {
	bool open_only;
	int state;
	const char *regno;
	long long complaint_id;
} sd_return_query;
int return_page(store *st, const sd_return_query *q, enum sd_page_from from, const sd_return *anchor,
                int limit, sd_return *rows, int *n, sd_err *err);

/* The 产品质量退换通知单: the service centre's copy and the store's copy. */
int return_form(store *st, const char *thno, sd_doc **out, sd_err *err);

/* The month [first, next) ("YYYY-MM-DD"). */
typedef struct sd_return_month {
	long raised[RK_COUNT][RC_COUNT];  /* raised in the month, by kind and cause */
	long raised_total;
	long approved;            /* approved in the month */
	long refused;             /* refused in the month */
	long closed;              /* closed in the month */
	long open_at_end;         /* raised by the month's end, neither closed nor refused by then */
} sd_return_month;
int return_month(store *st, const char *first, const char *next, sd_return_month *out, sd_err *err);

/* Add the month's section on returns and exchanges to d (only when there is something to say). */
void return_month_doc(sd_doc *d, const sd_return_month *m);

/*
 * The demonstration's returns: an exchange of a faulty pressure sensor
 * approved and carried out, and a return refused. Runs inside the
 * demonstration's transaction.
 */
int returns_demo(store *st, sd_err *err);

#endif
