/*
 * repair.h — factory repair orders (返厂维修) and loan units (备用机) on
 * the after-sales ledger.
 *
 * A repair order takes a product of a ledger entry to the factory's
 * workshop. Its number RMYYYYMM-NNNN is gapless per month (the month it was
 * opened; intake_next_seq). Lifecycle (enum sd_repair_state):
 *
 *   received   the product was received (opening the order); the transport
 *              to the factory (carrier, waybill) may be recorded
 *   in_repair  the workshop began the repair                  (step start)
 *   repaired   the workshop finished: findings, tests, repairer (step done)
 *   scrapped   not worth repairing: findings required          (step scrap)
 *   returned   sent back to the customer: carrier and waybill  (step return)
 *
 * start: received -> in_repair; done: in_repair -> repaired; scrap:
 * received or in_repair -> scrapped; return: repaired or scrapped ->
 * returned. Anything else is refused, saying why. Each step records its
 * date (not in the future, not before the previous step) and person.
 *
 * Who may: opening an order (the receipt of a product): operator,
 * engineer, supervisor (ACT_REPAIR_RECEIVE); the steps: engineer,
 * supervisor (ACT_REPAIR_WORK); parts issued to an order: storekeeper,
 * supervisor (ACT_STOCK_MOVE, through stock_issue_repair of stock.h);
 * loans and their returns: engineer, supervisor, storekeeper (ACT_LOAN).
 *
 * Every change is one transaction with an audit row; steps take
 * expected_version (< 0: no check) and refuse an order changed meanwhile.
 *
 * Loan units are equipment records marked loan_unit. A unit is lent to a
 * ledger entry and returned; a unit out cannot be lent again (the core
 * refuses, and a partial unique index on the loans makes it impossible).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_REPAIR_H
#define SERVDESK_REPAIR_H

#include <stdbool.h>
#include <stdint.h>
#include "common.h"
#include "datetime.h"
#include "doc.h"
#include "intake.h"
#include "store.h"

enum sd_repair_state { RPS_RECEIVED, RPS_IN_REPAIR, RPS_REPAIRED, RPS_SCRAPPED, RPS_RETURNED, RPS_COUNT };
enum sd_repair_step { RSTEP_START, RSTEP_DONE, RSTEP_SCRAP, RSTEP_RETURN, RSTEP_COUNT };

const char *repair_state_code(int s);     /* "received", ... (stored) */
const char *repair_state_name(int s);     /* translated */
int repair_state_parse(const char *s);    /* code or translated name; -1 */
const char *repair_step_code(int step);   /* "start", "done", "scrap", "return" */

/*
 * The state step leads to from state from, or -1 when the step is refused
 * there; then *why (if not NULL) is the reason, translated.
 */
int repair_next_state(int from, int step, const char **why);

/* "RMYYYYMM-NNNN" from month "YYYYMM" and seq; parse it back (false if malformed). */
void repair_format_no(char out[24], const char *month, long seq);
bool repair_parse_no(const char *s, char month[7], long *seq);

/* One repair order. Strings malloc'd or NULL; dates "" when not set. */
typedef struct sd_repair {
	long long id;
	char rmno[24];
	char regno[24];           /* the ledger entry */
	char *customer;
	char *serial;
	char *model;              /* of the equipment with that serial, when on record */
	char *fault;              /* the fault as reported (the request's first item) */
	int items;
	char *note;
	int state;
	int version;
	char received_on[11];  char *received_by;
	char *in_carrier;      char *in_waybill;
	char started_on[11];   char *started_by;
	char done_on[11];      char *done_by;
	char *findings;        char *tests;        char *repairer;
	char returned_on[11];  char *returned_by;
	char *out_carrier;     char *out_waybill;
	long days_away;           /* received to returned, or to today while away */
} sd_repair;

void repair_free(sd_repair *r);

/* Load an order by number (SD_DATAERR naming it when there is none). */
int repair_get(store *st, const char *rmno, sd_repair *out, sd_err *err);

/* What opens an order. */
typedef struct sd_repair_open {
	const char *regno;        /* the ledger entry (required; not closed) */
	const char *serial;       /* the product (required) */
	int items;                /* pieces received, >= 1 (0: 1) */
	const char *note;         /* the fault as reported, accessories (optional) */
	const char *on;           /* the date received, "YYYY-MM-DD" (NULL or "": today) */
	const char *carrier;      /* transport to the factory (optional) */
	const char *waybill;
} sd_repair_open;

/* Open an order; its number into rmno. */
int repair_open(store *st, const sd_repair_open *o, char rmno[24], sd_err *err);

/* What a step records (fields a step does not use are ignored). */
typedef struct sd_repair_args {
	const char *on;           /* the date, NULL or "": today */
	const char *by;           /* the person (active staff member); NULL or "": the acting person */
	const char *findings;     /* done (optional), scrap (required) */
	const char *tests;        /* done, scrap: tests done */
	const char *repairer;     /* done, scrap: the repairer (staff login); NULL: by */
	const char *carrier;      /* return: carrier and waybill (both required) */
	const char *waybill;
} sd_repair_args;

int repair_step(store *st, const char *rmno, int step, const sd_repair_args *a,
                int expected_version, sd_err *err);

/*
 * The order a parts issue goes to: its id and the register number of its
 * entry. Refused unless the order is received or in repair.
 */
int repair_issue_target(store *st, const char *rmno, long long *id, char regno[24], sd_err *err);

/* A part issued to an order; strings valid during the call of fn only. */
typedef struct sd_repair_part {
	const char *part_no;
	const char *name;
	long qty;                 /* issued minus returned */
	int64_t cost_fen;         /* the unit cost of the issue */
	char at[17];
} sd_repair_part;
int repair_parts_each(store *st, const char *rmno, int (*fn)(const sd_repair_part *p, void *arg),
                      void *arg, sd_err *err);

/*
 * Orders in order of receipt (received_on, then number), keyset-paged as
 * intake_page: away_only lists the products not yet returned; regno (NULL:
 * all) those of one entry. rows' strings malloc'd: repair_free each.
 */
typedef struct sd_repair_query {
	bool away_only;
	const char *regno;
} sd_repair_query;
int repair_page(store *st, const sd_repair_query *q, enum sd_page_from from, const sd_repair *anchor,
                int limit, sd_repair *rows, int *n, sd_err *err);

/* The 委托维修单 of an order: the customer's copy and the copy that travels with the product. */
int repair_form(store *st, const char *rmno, sd_doc **out, sd_err *err);

/* ---------------------------------------------------------------- loan units */

typedef struct sd_loan {
	long long id;
	char regno[24];
	char *unit;               /* the loan unit's serial */
	char *model;
	char *customer;           /* the entry's customer */
	char lent_on[11];      char *lent_by;
	char returned_on[11];  char *returned_by;
	char *note;
	long days_out;            /* lent to returned, or to today while out */
} sd_loan;

void loan_free(sd_loan *l);

/*
 * Lend loan unit (serial) to the ledger entry regno (not closed) on date on
 * (NULL or "": today). Refused when the unit is not marked as a loan unit,
 * is out already, or the entry has a unit out.
 */
int loan_lend(store *st, const char *regno, const char *unit, const char *on, const char *note,
              sd_err *err);
/*
 * The unit out with entry regno (or the unit with serial unit, when regno
 * is NULL) comes back on date on. Refused when nothing is out.
 */
int loan_return(store *st, const char *regno, const char *unit, const char *on, sd_err *err);

/* The loan out with entry regno into out; SD_DATAERR when none is out. */
int loan_of_entry(store *st, const char *regno, sd_loan *out, sd_err *err);

/* Loans in order of lending (lent_on, id); out_only: the units still out. Paged as repair_page. */
int loan_page(store *st, bool out_only, enum sd_page_from from, const sd_loan *anchor,
              int limit, sd_loan *rows, int *n, sd_err *err);

/* ---------------------------------------------------------------- the month */

/*
 * Factory repairs and loan units of the month [first, next) (each
 * "YYYY-MM-DD", or a time whose first ten characters are the date).
 */
typedef struct sd_repair_month {
	long opened;              /* orders received in the month */
	long returned;            /* returned in the month */
	long away;                /* received by the month's end and not returned by then */
	long turnaround_n;        /* of those returned: count and total days */
	long turnaround_days;
	long loans_out;           /* loan units out at the month's end */
	long loans_lent;          /* lent in the month */
} sd_repair_month;
int repair_month(store *st, const char *first, const char *next, sd_repair_month *out, sd_err *err);

/*
 * Add the section of the monthly summary for m to d: only when there is
 * something to say (a month without factory repairs or loans has none).
 */
void repair_month_doc(sd_doc *d, const sd_repair_month *m);

/*
 * The demonstration's factory repair and loan: a metering pump of an open
 * entry at the factory (in repair), and a loan unit out with that entry.
 * Runs inside the demonstration's transaction.
 */
int repair_demo(store *st, sd_err *err);

#endif
