/*
 * quote.h — quotations (报价单) for chargeable work on a ledger entry, and
 * the customer's acceptance.
 *
 * A quotation is made for a ledger entry from planned charge lines (labour
 * hours, travel, lodging, parts from the parts master at their average
 * cost). Who pays each line is decided by ledger_charge_payer, exactly as a
 * charge line would be decided on the planned repair day (today when none):
 * a contract's cover and free repairs, the warranty tier, and the cause of
 * the fault. Its number QTYYYYMM-NNNN is gapless per month (intake_next_seq,
 * key "QT" YYYYMM). It is valid quote_valid_days (a setting, default 30)
 * from its date.
 *
 * Lifecycle (enum sd_quote_state): draft -> sent -> accepted | refused. A
 * draft or sent quotation past its last valid day is expired (derived, not
 * stored): it can no longer be sent or accepted. A new quotation for an
 * entry whose latest one is refused or expired is a revision of it; while
 * the latest one is a draft or sent and valid, a new one is refused.
 *
 * Who may: making and sending: engineer, supervisor (ACT_QUOTE_MAKE);
 * recording the customer's answer: operator, engineer, supervisor
 * (ACT_QUOTE_ANSWER). Every change is one transaction with an audit row;
 * changes take expected_version (< 0: no check).
 *
 * The gate (quote_gate): a chargeable line (one the customer pays) on an
 * entry whose latest quotation is not accepted is refused unless the caller
 * says it goes without a quotation. quote_charge adds a charge line through
 * the gate; the command line and the desk both use it.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_QUOTE_H
#define SERVDESK_QUOTE_H

#include <stdbool.h>
#include <stdint.h>
#include "common.h"
#include "datetime.h"
#include "doc.h"
#include "intake.h"
#include "store.h"

#define QUOTE_VALID_DAYS 30
#define QUOTE_MAX_LINES 50

enum sd_quote_state { QS_DRAFT, QS_SENT, QS_ACCEPTED, QS_REFUSED, QS_EXPIRED, QS_COUNT };
enum sd_quote_how { QH_PHONE, QH_FAX, QH_LETTER, QH_VISIT, QH_EMAIL, QH_COUNT };

const char *quote_state_code(int s);     /* "draft", "sent", "accepted", "refused", "expired" */
const char *quote_state_name(int s);     /* translated */
int quote_state_parse(const char *s);    /* code or translated name; -1 */
const char *quote_how_code(int h);       /* "phone", "fax", "letter", "visit", "email" */
const char *quote_how_name(int h);       /* translated */
int quote_how_parse(const char *s);      /* code, "e-mail" or translated name; -1 */

/*
 * The state of a quotation stored as stored (draft, sent, accepted,
 * refused) with last valid day valid_until, on day today: a draft or sent
 * one past valid_until is expired.
 */
int quote_effective_state(int stored, const char *valid_until, sd_date today);

/* "QTYYYYMM-NNNN" from month "YYYYMM" and seq; parse it back (false if malformed). */
void quote_format_no(char out[24], const char *month, long seq);
bool quote_parse_no(const char *s, char month[7], long *seq);

/* A planned line as given: for parts the part number (its price is the master's average cost). */
typedef struct sd_quote_line_in {
	int cost;                 /* enum sd_cost */
	const char *part_no;      /* parts: required; others: NULL */
	long qty;                 /* hours, trips, nights, pieces: 1 .. 100000 */
	int64_t unit_fen;         /* labour, travel, lodging: the price of one, >= 0 */
	const char *description;  /* optional */
} sd_quote_line_in;

/*
 * "labour:HOURS:RATE", "travel:AMOUNT" or "travel:TRIPS:PRICE",
 * "lodging:NIGHTS:RATE", "parts:PART_NO[:QTY]" (amounts in yuan; kinds also
 * in Chinese) into *out (part_no points into s). SD_DATAERR naming what is
 * wrong.
 */
int quote_line_parse(char *s, sd_quote_line_in *out, sd_err *err);

/* One line of a quotation as stored. */
typedef struct sd_quote_line {
	int pos;
	int cost;
	char *part_no;
	char *description;        /* the part's name for parts when none given */
	long qty;
	int64_t unit_fen, amount_fen;
	int64_t payable_fen;      /* what the customer pays: amount or 0 */
	int tier;                 /* enum sd_tier on the planned day */
	long long contract_id;    /* the contract that makes it free, or 0 */
	bool free_repair;
	char cause[24];           /* the fault category that makes it payable inside the warranty */
} sd_quote_line;

typedef struct sd_quote {
	long long id;
	char qno[24];
	char regno[24];
	char *customer;
	char *serial;
	char *model;
	char *fault;
	char revision_of[24];     /* the quotation it revises, "" if none */
	int state;                /* effective (expired derived) */
	int version;
	char made_on[11];  char *made_by;
	char valid_until[11];
	char *repair_time;        /* planned repair, "YYYY-MM-DD[ HH:MM]" or NULL */
	int repair_days;          /* planned length in days, 0 if not given */
	char *note;
	int64_t total_fen, payable_fen;
	char sent_on[11];  char *sent_by;
	char answer_on[11]; char *answer_by;
	char *answer_person;
	int answer_how;           /* enum sd_quote_how, -1 none */
	char *answer_remark;
	int nlines;
	sd_quote_line *lines;     /* read by quote_get only */
} sd_quote;

void quote_free(sd_quote *q);

/* Load a quotation with its lines (SD_DATAERR naming it when there is none). */
int quote_get(store *st, const char *qno, sd_quote *out, sd_err *err);

/* What makes a quotation. */
typedef struct sd_quote_new {
	const char *regno;        /* the ledger entry (required; not closed) */
	const sd_quote_line_in *lines;
	int nlines;               /* 1 .. QUOTE_MAX_LINES */
	int valid_days;           /* 0: the setting quote_valid_days; 1 .. 365 */
	const char *repair_time;  /* "YYYY-MM-DD[ HH:MM]", not before today (optional) */
	int repair_days;          /* 0: not given; 1 .. 365 */
	const char *note;
} sd_quote_new;

/* Make a quotation (a draft); its number into qno. */
int quote_make(store *st, const sd_quote_new *n, char qno[24], sd_err *err);

/* Send it to the customer (draft -> sent) on date on ("" or NULL: today). */
int quote_send(store *st, const char *qno, const char *on, int expected_version, sd_err *err);

/* The customer's answer. */
typedef struct sd_quote_answer {
	bool accepted;
	const char *person;       /* who answered for the customer (required) */
	int how;                  /* enum sd_quote_how (required) */
	const char *on;           /* the date, "" or NULL: today */
	const char *remark;       /* optional (refusal: why) */
} sd_quote_answer;

/* Record the customer's answer to a sent quotation (sent -> accepted | refused). */
int quote_answer(store *st, const char *qno, const sd_quote_answer *a, int expected_version, sd_err *err);

/*
 * Quotations newest first per page as repair_page (keyset on made_on, id);
 * regno (NULL: all) those of one entry; state (-1: all) those in that
 * (effective) state.
 */
typedef struct sd_quote_query {
	const char *regno;
	int state;
} sd_quote_query;
int quote_page(store *st, const sd_quote_query *q, enum sd_page_from from, const sd_quote *anchor,
               int limit, sd_quote *rows, int *n, sd_err *err);

/* The latest quotation of entry regno into qno ("" when none); *state its effective state (-1). */
int quote_latest(store *st, const char *regno, char qno[24], int *state, sd_err *err);

/*
 * The gate: may a line of cost type cost of amount_fen on day on be
 * charged to entry regno without more? SD_OK when the customer does not
 * pay it (warranty, contract) or the entry's latest quotation is accepted;
 * otherwise SD_DATAERR saying why (no quotation, or its state).
 */
int quote_gate(store *st, const char *regno, int cost, int64_t amount_fen, const char *service_on,
               sd_err *err);

/*
 * Add a charge line as ledger_charge, through the gate unless
 * without_quote (then a line the gate would refuse gets an audit row
 * "without_quote" saying why); one transaction.
 */
int quote_charge(store *st, const char *regno, int cost, int64_t amount_fen, const char *service_on,
                 const char *note, bool without_quote, sd_err *err);

/* The quotation as a printable document (报价单). */
int quote_form(store *st, const char *qno, sd_doc **out, sd_err *err);

/* The month's quotations [first, next): sent, accepted, refused, expired, accepted amount. */
typedef struct sd_quote_month {
	long sent, accepted, refused, expired;
	int64_t accepted_fen;     /* payable by the customer on the accepted ones */
} sd_quote_month;
int quote_month(store *st, const char *first, const char *next, sd_quote_month *out, sd_err *err);
void quote_month_doc(sd_doc *d, const sd_quote_month *m);

/* The demonstration: a 液压站 overhaul quoted, refused, revised and accepted. */
int quote_demo(store *st, sd_err *err);

#endif
