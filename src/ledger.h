/*
 * ledger.h — the after-sales ledger (售后记录表): one entry per request the
 * technical department takes in, its signatures, lifecycle, service-level
 * clocks, charges and payments.
 *
 * Lifecycle (enum sd_ledger_state):
 *   registered   taken in; the responsible person (负责人) signed
 *   assigned     an engineer (责任工程师) signed
 *   proposed     a solution and a service mode were recorded (the response)
 *   in_service   the engineer arrived on site (on-site mode) or began the work
 *   awaiting     the fault was cleared; awaiting the user's confirmation
 *   closed       closed (remote, e-mail and phone modes need the user's
 *                confirmation first; on-site may close on the service card)
 *   unresolvable closed without a fix; the reason explained to the user is required
 * Each step is allowed only from the states it makes sense in; a refused step
 * says why ("the entry has no solution yet", "already confirmed", ...).
 * Signatures are (login, time) pairs of active staff members.
 *
 * Each step takes expected_version: the version the caller last saw (< 0
 * skips the check). A step on an entry changed meanwhile is refused
 * (SD_DATAERR) naming who changed it; the caller reloads and shows the
 * current values. Every step is one transaction: the entry, an event in its
 * history (ledger_event), the stored due times, and an audit row.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_LEDGER_H
#define SERVDESK_LEDGER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "enc.h"
#include "intake.h"
#include "sla.h"
#include "store.h"
#include "warranty.h"

enum sd_ledger_state {
	LS_REGISTERED, LS_ASSIGNED, LS_PROPOSED, LS_IN_SERVICE, LS_AWAITING,
	LS_CLOSED, LS_UNRESOLVABLE, LS_COUNT
};
enum sd_service_mode { MODE_ONSITE, MODE_REMOTE, MODE_EMAIL, MODE_PHONE, MODE_COUNT };
enum sd_confirm_how { HOW_PHONE, HOW_FAX, HOW_CARD, HOW_COUNT };

const char *ledger_state_code(int s);     /* "registered", ... (stored) */
const char *ledger_state_name(int s);     /* translated */
int ledger_state_parse(const char *s);    /* code or translated/Chinese name; -1 */
const char *ledger_mode_code(int m);      /* "onsite", "remote", "email", "phone" */
const char *ledger_mode_name(int m);      /* translated: 现场, 远程登录, 电子邮件, 电话指导 */
int ledger_mode_parse(const char *s);
const char *ledger_how_code(int h);       /* "phone", "fax", "card" */
const char *ledger_how_name(int h);       /* translated: 电话, 传真, 服务卡签字 */
int ledger_how_parse(const char *s);

/* One ledger entry with the request fields it needs. Strings malloc'd or NULL; times "" when not set. */
typedef struct sd_ledger {
	long long id;
	char regno[24];
	int state;
	int version;
	/* from the request */
	char received_at[17];
	int priority;
	char *customer;
	char *serial;
	char *first_item;
	/* signatures and steps */
	char *responsible;      char responsible_at[17];
	char *engineer;         char engineer_at[17];
	int mode;               /* enum sd_service_mode, -1 before the proposal */
	char *fault_code;
	char *solution;         char proposed_at[17];
	char first_contact_at[17];
	char planned_visit_at[17];
	char arrived_at[17];
	char cleared_at[17];
	char *confirmed_by;     char confirmed_at[17];
	int confirmed_how;      /* enum sd_confirm_how, -1 if not confirmed */
	char closed_at[17];
	char *unresolvable_reason;
	char diagnosed_at[17];
	char *diagnosis;        /* the finding recorded with the diagnosis */
	char escalated_at[17];
	char *escalated_to;     /* login of the engineer or supervisor it was escalated to */
	char *escalation_note;
	char repeat_of[24];     /* a repeat repair: the register number of the entry it repeats; "" if none */
	bool paused;            /* a pause is open */
	/* the clocks as stored (SD_NO_TIME: none or paused) */
	sd_time due[CLOCK_COUNT];
} sd_ledger;

void ledger_free(sd_ledger *l);

/* Load an entry by register number (SD_DATAERR if the request has no ledger entry). */
int ledger_get(store *st, const char *regno, sd_ledger *out, sd_err *err);

/*
 * Take a request into the ledger: the responsible person (an active staff
 * member; the acting person when NULL) signs now. Refused for a void request
 * or one already in the ledger.
 */
int ledger_take(store *st, const char *regno, const char *responsible, sd_err *err);

/* The steps; at NULL or "" means now. */
int ledger_assign(store *st, const char *regno, const char *engineer, int expected_version, sd_err *err);
/*
 * ledger_propose: fault_code is a code of the fault categories
 * (ledger_fault_each); NULL or "" keeps the one recorded before. An unknown
 * code is refused (SD_DATAERR) with a message listing the known codes.
 */
int ledger_propose(store *st, const char *regno, int mode, const char *solution,
                   const char *fault_code, const char *at, int expected_version, sd_err *err);
int ledger_contact(store *st, const char *regno, const char *at, int expected_version, sd_err *err);
int ledger_plan_visit(store *st, const char *regno, const char *at, int expected_version, sd_err *err);
int ledger_arrive(store *st, const char *regno, const char *at, int expected_version, sd_err *err);
int ledger_clear(store *st, const char *regno, const char *at, int expected_version, sd_err *err);
int ledger_confirm(store *st, const char *regno, const char *by, int how, const char *at,
                   int expected_version, sd_err *err);
int ledger_close(store *st, const char *regno, int expected_version, sd_err *err);
int ledger_unresolvable(store *st, const char *regno, const char *reason, int expected_version, sd_err *err);
/*
 * Record the diagnosis (the finding, required): stops the diagnose clock.
 * Allowed once an engineer is assigned, until the fault is cleared; a
 * second diagnosis is refused.
 */
int ledger_diagnose(store *st, const char *regno, const char *finding, const char *at,
                    int expected_version, sd_err *err);
/*
 * Escalate the entry to the expert group: to (an active engineer or
 * supervisor) takes it over, with an optional note; records when and to
 * whom. Refused once a solution is proposed or when already escalated. The
 * escalate clock is met when the escalation (or the solution) came in time;
 * after it the solution is due the escalate commitment later.
 */
int ledger_escalate(store *st, const char *regno, const char *to, const char *note, const char *at,
                    int expected_version, sd_err *err);
/*
 * The word for a clock's state as the lists and the explanation show it:
 * sla_state_name, except "to escalate" for the escalate clock while the
 * entry still waits for its escalation (due soon or overdue, neither a
 * solution nor an escalation recorded).
 */
const char *ledger_clock_state_name(const sd_ledger *l, int clock, int state);

/* Pause the clocks (waiting on the customer or on parts: reason required) and resume them. */
int ledger_pause(store *st, const char *regno, const char *reason, const char *at,
                 int expected_version, sd_err *err);
int ledger_resume(store *st, const char *regno, const char *at, int expected_version, sd_err *err);

/*
 * Add a charge line: cost kind, amount in fen (>= 0), service date ("" =
 * today). The warranty tier of the entry's equipment on the service date is
 * recorded on the line, and decides whether the customer pays this kind
 * (billed_fen = amount or 0). An entry without known equipment is charged
 * in full (tier unknown).
 */
int ledger_charge(store *st, const char *regno, int cost, int64_t amount_fen,
                  const char *service_on, const char *note, sd_err *err);
/*
 * Who pays a line of cost type cost on day on for entry regno, decided
 * exactly as ledger_charge decides it (a contract's cover, its free repairs,
 * then the warranty tier, and the cause of the fault): for quotations. A
 * free repair the line would take is not kept.
 */
typedef struct sd_ledger_payer {
	int tier;              /* enum sd_tier on that day (TIER_UNKNOWN: no known equipment) */
	bool charged;          /* the customer pays the line */
	long long contract_id; /* the contract that made it free, 0 if none */
	bool free_repair;      /* free as one of that contract's free repairs */
	int repair_no, free_repairs;
	char cause[24];        /* the fault category that made it payable inside the warranty, or "" */
} sd_ledger_payer;
int ledger_charge_payer(store *st, const char *regno, int cost, sd_date on, sd_ledger_payer *out,
                        sd_err *err);
/*
 * The parts line of a stock issue (movement move_id): as ledger_charge on
 * today's date, and linked to the movement so that a return can mirror it. The store calls
 * this with an issue, inside its transaction: a storekeeper may.
 */
int ledger_charge_issue(store *st, const char *regno, int64_t amount_fen, const char *note,
                        long long move_id, sd_err *err);
/*
 * Credit parts returned to the store (the store calls this with a return of
 * parts given out by issue movement issue_move_id): a parts line of
 * -amount_fen (amount_fen >= 0; zero is a zero line) that mirrors exactly
 * what that issue billed: its tier, and the customer's share of it, whatever
 * the date of the return. return_move_id is the return's own movement.
 */
int ledger_credit_return(store *st, const char *regno, long long issue_move_id, int64_t amount_fen,
                         const char *note, long long return_move_id, sd_err *err);

/* Record money received, with the invoice number. */
int ledger_payment(store *st, const char *regno, int64_t amount_fen, const char *invoice_no,
                   sd_err *err);

/* One line of an entry's history, oldest first: steps, pauses, charges, payments. */
typedef struct sd_ledger_event {
	char at[17];
	const char *who;
	const char *kind;      /* "take", "assign", "propose", ..., "charge", "payment" */
	const char *note;      /* what was recorded, UTF-8 */
} sd_ledger_event;
int ledger_history(store *st, const char *regno, int (*fn)(const sd_ledger_event *e, void *arg),
                   void *arg, sd_err *err);
/* The translated word for an event's kind ("taken in", "assigned", ...; the code itself if unknown). */
const char *ledger_event_name(const char *kind);

/*
 * One charge line of an entry as stored. The strings belong to the listing
 * and are valid only during the call of fn; copy what must outlive it.
 */
typedef struct sd_ledger_charge {
	long long id;
	int cost;              /* enum sd_cost; -1 if the stored kind is not known */
	int64_t amount_fen;    /* the cost of the line */
	int64_t billed_fen;    /* what the customer pays under the tier */
	int tier;              /* enum sd_tier recorded on the line (TIER_UNKNOWN if unreadable) */
	char service_on[11];   /* the service date, "YYYY-MM-DD" */
	const char *note;      /* UTF-8, "" when none */
	const char *who;       /* login of the person who recorded it, "" when unknown */
	char at[17];           /* when it was recorded, "" when unknown */
	long long contract_id; /* the service contract that made it free, 0 if none */
	bool free_repair;      /* free as one of that contract's free repairs */
	int reimbursable;      /* a travel line: 1 once the entry's service card is back at the
	                          office, 0 until then; -1 for other kinds */
	char cause[24];        /* the fault category (not the maker's responsibility) that made
	                          the line payable inside the warranty; "" when the tier decided */
} sd_ledger_charge;

/* The reason a line was payable by cause, in words (translated), appended to b ("" cause: nothing). */
void ledger_cause_text(store *st, buf *b, const char *cause);

/*
 * Call fn for each charge line of entry regno, oldest first (by the time it
 * was recorded, then in the order of recording). fn returning non-zero stops
 * the listing, and that value is returned. SD_DATAERR if regno has no ledger
 * entry; a store failure as store_fail. fn may use the store (the listing
 * runs on a statement of its own) but must not change the charges.
 */
int ledger_charge_each(store *st, const char *regno,
                       int (*fn)(const sd_ledger_charge *c, void *arg), void *arg, sd_err *err);

/* One payment of an entry as stored; strings valid only during the call of fn. */
typedef struct sd_ledger_payment {
	long long id;
	int64_t amount_fen;    /* money received */
	const char *invoice_no;   /* "" when none */
	const char *who;       /* login of the person who recorded it, "" when unknown */
	char at[17];           /* when it was received (recorded) */
} sd_ledger_payment;

/* As ledger_charge_each, for the payments of entry regno, oldest first. */
int ledger_payment_each(store *st, const char *regno,
                        int (*fn)(const sd_ledger_payment *p, void *arg), void *arg, sd_err *err);

/* Totals of an entry's charges: cost, billed to the customer, received. */
int ledger_totals(store *st, const char *regno, int64_t *cost_fen, int64_t *billed_fen,
                  int64_t *received_fen, sd_err *err);

/*
 * The clocks of an entry now: per clock the state (sla_state) and due time,
 * computed by sla_due() from the policy of its priority (and its customer's
 * region) -- the clocks that a service contract in force on the day of
 * receipt names for the priority take the contract's levels instead
 * (contract_levels_in_force) -- the calendar and its pauses. If explain is not NULL, appends the
 * full reasoning of each clock (the policy row used, then sla_due's lines,
 * then met / missed / overdue). These are the same due times the lists'
 * overdue marks use.
 */
int ledger_clocks(store *st, const sd_ledger *l, sd_time now, int state[CLOCK_COUNT],
                  sd_time due[CLOCK_COUNT], buf *explain, sd_err *err);

/* The whole explanation for servdesk ledger explain (header, then ledger_clocks' lines). */
int ledger_explain(store *st, const char *regno, buf *out, sd_err *err);

/*
 * The calendar in force: the file named by the setting calendar_file if set,
 * else the built-in one. Loaded once per store and kept with it (released
 * when the store closes). If the calendar's digest differs from the one the stored
 * due times were computed with, they are recomputed (one transaction).
 */
const workcal *ledger_calendar(store *st, sd_err *err);

/*
 * Does the calendar in force run out soon? *last gets its last day (0 when it
 * covers no year). True from LEDGER_CALENDAR_WARN_DAYS days before that day
 * on, and after it: from then on days are counted Monday to Friday. False
 * with err set when the calendar cannot be read.
 */
#define LEDGER_CALENDAR_WARN_DAYS 60
bool ledger_calendar_runs_out(store *st, sd_date today, sd_date *last, sd_err *err);

/*
 * The entries overdue right now: per_clock[c] counts the open entries
 * whose clock c is past its due time with its step not done (for the
 * escalation: neither escalated nor solved), *entries those with any clock
 * overdue -- the entries the overdue list marks "!!". The one count the
 * desk's status line, the Summary and the monthly report show. Reads the
 * stored due times (brought up to date with the calendar first) through the
 * index of the next due time.
 */
int ledger_overdue_now(store *st, sd_time now, long per_clock[CLOCK_COUNT], long *entries, sd_err *err);

/* Recompute every open entry's stored due times (after a policy or calendar change). */
int ledger_recompute(store *st, long *count, sd_err *err);

/*
 * Recompute and store the due times of the open entries fed by a change, in
 * the caller's transaction (or one of its own): the entry of request
 * request_id (> 0; its priority, customer or time of receipt changed), else
 * the entries of every request of customer (not NULL; its region changed),
 * else every open entry (a policy or the calendar changed). Every change
 * that feeds a due time calls this before it commits, so that the lists,
 * the overdue marks and the reports never read a stale due time. A clock
 * that has stopped keeps the due time it stopped against. *count (if not
 * NULL) is the number of entries recomputed.
 */
int ledger_dues_refresh(store *st, long long request_id, const char *customer, long *count,
                        sd_err *err);

/* ---------------------------------------------------------------- lists */

typedef struct sd_ledger_query {
	int state;             /* enum sd_ledger_state, -1 all */
	bool open_only;        /* neither closed nor unresolvable */
	bool due_only;         /* only entries past or near a commitment (overdue filter) */
	const char *engineer;  /* login, NULL all */
	const char *search;    /* as intake: customer/requester/phone/items; NULL none */
	bool desc;             /* newest first (by register number) */
} sd_ledger_query;

void ledger_query_init(sd_ledger_query *q);

typedef struct sd_ledger_row {
	long long id;
	char regno[24];
	int state;
	int priority;
	int mode;
	char *customer;
	char *engineer;
	char *first_item;
	sd_time next_due;      /* earliest due of the clocks still running; SD_NO_TIME if none */
	int next_clock;        /* the clock due at next_due (enum sla_clock), -1 if none */
	bool to_escalate;      /* that clock is the escalation, still to be made */
	int worst;             /* the worst sla_state among the clocks (for the mark) */
	bool repeat;           /* a repeat repair (history.h) */
	/* paging key (opaque) */
	char key_text[20];
	long long key_num;
} sd_ledger_row;

void ledger_row_free(sd_ledger_row *r);

/*
 * A page of the ledger list in order of register number, as intake_page
 * (keyset paging; never the whole table). With due_only, rows come from the
 * next_due index, most urgent first (desc is ignored): only entries whose
 * earliest running clock is due before now + the warning margin (setting
 * sla_warn_minutes, default 120).
 */
int ledger_page(store *st, const sd_ledger_query *q, enum sd_page_from from,
                const sd_ledger_row *anchor, int limit, sd_ledger_row *rows, int *n,
                sd_err *err);

/* ---------------------------------------------------------------- policy */

/* The policy row for a priority and region (region row first, else the priority's default). */
int ledger_policy(store *st, int priority, const char *region, sla_policy *out, sd_err *err);
/*
 * Set a policy row (region NULL: the default for the priority), each clock's
 * duration with its counting; recomputes the due times of the open entries
 * (closed ones keep theirs).
 */
int ledger_policy_set(store *st, int priority, const char *region, const sla_policy *p, sd_err *err);

/*
 * The office hours that bound working time (setting office_hours,
 * "HH:MM-HH:MM"): true and *out if set, else false and all day.
 */
int ledger_office_hours(store *st, sla_hours *out);
/* Set the office hours (NULL: unset, all 24 h of a working day); recomputes open entries. */
int ledger_office_hours_set(store *st, const sla_hours *hours, sd_err *err);

/*
 * Call fn for every row of the policy table as stored: first the default
 * rows (region NULL) by priority, then the regional rows by region and
 * priority -- a regional row equal to its default is listed all the same.
 * fn returning non-zero stops the listing, and that value is returned; a
 * store failure as store_fail. The region string is valid only during the call.
 */
int ledger_policy_each(store *st,
                       int (*fn)(int priority, const char *region, const sla_policy *p, void *arg),
                       void *arg, sd_err *err);

/* ---------------------------------------------------------------- fault categories */

/*
 * Call fn for each fault category (table fault_category) in order of code:
 * its code ("mech", "elec", ...) and name (UTF-8, e.g. 机械故障). fn returning
 * non-zero stops the listing, and that value is returned; a store failure
 * as store_fail. The strings are valid only during the call.
 * ledger_propose refuses a fault code not in this table.
 */
int ledger_fault_each(store *st, int (*fn)(const char *code, const char *name, void *arg),
                      void *arg, sd_err *err);

/* The name of fault category code (malloc'd UTF-8), or NULL if code is NULL, unknown or unreadable. */
char *ledger_fault_name(store *st, const char *code);

/*
 * Is fault category code the maker's responsibility? 1 yes, 0 no (misuse,
 * human damage, force majeure, site conditions: charges are payable inside
 * the warranty too, see warranty_charged_for_cause), -1 unknown or none.
 */
int ledger_fault_maker(store *st, const char *code);

/*
 * Write the ledger as CSV (RFC 4180) to out: a header row titled as in the
 * after-sales ledger (售后记录表), then one row per entry — its request's
 * number, receipt, customer, serial and priority, the state, the people,
 * the service, every time stamp, the three due times, cost, billed and
 * received in yuan — with fixed Chinese names for states, service modes
 * and confirmations whatever the locale. month ("YYYYMM", or NULL for all)
 * keeps the entries of the requests received in that month, in order of
 * receipt; without it, in order of entry. enc: UTF-8 with a BOM or GB18030.
 * *count gets the rows written. Returns SD_OK or a status with err set
 * (SD_IOERR when writing fails).
 */
int ledger_export(store *st, FILE *out, sd_encoding enc, const char *month, long *count,
                  sd_err *err);

/* ---------------------------------------------------------------- maintenance items */

/*
 * Each maintenance item of the entry's request (request_item) is settled on
 * its own: done (what was done), not ours (why), or unresolvable (the
 * reason), with who and when. The fault can be recorded as cleared, and the
 * entry closed, only when every item is settled; closing the entry as
 * unresolvable settles the items still open as unresolvable with its
 * reason. An item whose text is edited after its settlement is open again.
 */
enum sd_item_state { ITEM_OPEN, ITEM_DONE, ITEM_NOTOURS, ITEM_UNRESOLVABLE, ITEM_COUNT };
const char *ledger_item_state_code(int s);   /* "open", "done", "notours", "unresolvable" */
const char *ledger_item_state_name(int s);   /* translated: 未处理, 已完成, 非我方责任, 无法解决 */
int ledger_item_state_parse(const char *s);  /* code or (translated/Chinese) name; -1 */

/* One item of an entry; strings valid only during the call of fn. */
typedef struct sd_ledger_item {
	int pos;               /* 1, 2, ... */
	const char *text;      /* the item as registered */
	int state;             /* enum sd_item_state */
	const char *note;      /* what was done / why not ours / the reason; "" when open */
	const char *who;       /* login of who settled it; "" when open */
	char at[17];           /* when; "" when open */
} sd_ledger_item;

/* Call fn for each item of entry regno in order; fn returning non-zero stops (and is returned). */
int ledger_item_each(store *st, const char *regno, int (*fn)(const sd_ledger_item *it, void *arg),
                     void *arg, sd_err *err);

/*
 * Settle item pos of entry regno as state (done, notours or unresolvable)
 * with note (required: what was done, why it is not ours, or the reason).
 * Refused for an item already settled, before an engineer is assigned and
 * on a closed entry; versioned like the steps.
 */
int ledger_item_settle(store *st, const char *regno, int pos, int state, const char *note,
                       int expected_version, sd_err *err);

/* Counts of entry regno's items: all of them and those still open. */
int ledger_item_counts(store *st, const char *regno, int *total, int *open, sd_err *err);

/* ---------------------------------------------------------------- the service card */

/*
 * The service card (用户服务记录卡) the customer signs after an on-site
 * service: who signed, when, the customer's opinion (客户意见) and a rating
 * 1-5. Recording it also records the user's confirmation (signed on the
 * service card) when none is recorded yet. An on-site entry is closed only
 * once its card is recorded. The card is due back at the office card_days
 * working days (setting, default 5) after the day it was signed, counted on
 * the calendar in force (weekends and holidays skipped, adjusted working
 * days counted); a travel charge is reimbursable only once the card is in.
 */
#define LEDGER_CARD_DAYS_DEFAULT 5

typedef struct sd_ledger_card {
	bool recorded;         /* a card is recorded */
	char signed_by[128];   /* who signed for the customer */
	char signed_at[17];
	char *opinion;         /* the customer's opinion, malloc'd (NULL when none) */
	int rating;            /* 1-5; 0 when none */
	char due[11];          /* back at the office by, "YYYY-MM-DD"; "" when none */
	char in_at[17];        /* when it came back; "" while out */
	char in_by[64];        /* login of who received it */
	bool late;             /* came back after its due day, or still out past it (today) */
} sd_ledger_card;

void ledger_card_free(sd_ledger_card *c);

/* The card in words (translated), appended to b: who, when, rating, opinion, due, back or late. */
void ledger_card_text(buf *b, const sd_ledger_card *c);

/* A charge line's reimbursable flag in words: "yes", "awaiting the card", "" (not travel). */
const char *ledger_reimburse_name(int reimbursable);

/* The card of entry regno (recorded false when none). */
int ledger_card_get(store *st, const char *regno, sd_ledger_card *out, sd_err *err);

/*
 * The day a card signed on day signed is due back: card_days working days
 * later on calendar cal (the day itself not counted).
 */
sd_date ledger_card_due(const workcal *cal, sd_date signed_on, int card_days);

/*
 * Record the signed card of on-site entry regno: signed_by (required),
 * signed_at (NULL or "": now; not before the fault was cleared), opinion
 * (required), rating 1-5. Once the fault is cleared, once only.
 */
int ledger_card(store *st, const char *regno, const char *signed_by, const char *signed_at,
                const char *opinion, int rating, int expected_version, sd_err *err);

/* Record that the card of entry regno came back to the office (at NULL or "": now); also on a closed entry. */
int ledger_card_in(store *st, const char *regno, const char *at, int expected_version, sd_err *err);

/* The service cards of a month [from, to) (times "YYYY-MM-DD HH:MM"), for the monthly summary. */
typedef struct sd_card_month {
	long signed_n;         /* cards signed in the month */
	long rating_sum;       /* the sum of their ratings (average = rating_sum / signed_n) */
	long returned;         /* cards back at the office in the month */
	long returned_late;    /* of those, back after their due day */
	long out_overdue;      /* at the month's end still out past their due day */
} sd_card_month;

int ledger_cards_month(store *st, const char *from, const char *to, sd_card_month *out, sd_err *err);

/* Add the monthly summary's section of service cards (section number n) to document d. */
struct sd_doc;
void ledger_cards_month_doc(struct sd_doc *d, int n, const sd_card_month *c);

/* A card still out (signed, not back at the office). Strings valid only during the call. */
typedef struct sd_card_out {
	const char *regno;
	const char *engineer;  /* login, "" when none */
	const char *customer;
	char signed_at[17];
	char due[11];
	int days_late;         /* calendar days past the due day (0 when not yet due) */
} sd_card_out;

/*
 * Call fn for each card still out, by engineer then due day: all of them,
 * or with overdue_only those whose due day is before today. engineer (not
 * NULL) keeps that engineer's. fn returning non-zero stops (and is returned).
 */
int ledger_cards_out(store *st, sd_date today, bool overdue_only, const char *engineer,
                     int (*fn)(const sd_card_out *c, void *arg), void *arg, sd_err *err);

#endif
