/*
 * contract.h — service contracts (维保合约) and who pays for a charge.
 *
 * A contract belongs to a customer and covers the equipment listed with it,
 * or all of the customer's equipment when none is listed, from its first to
 * its last day (both included; an early end moves the last day). It says
 * which cost types it covers (labour, travel, lodging, parts), how often
 * maintenance visits are made (quarterly, monthly or none), and how many free
 * repairs it grants (seed: "保修期满后…免费提供两次技术维修服务（损坏配件费用
 * 由买方承担）").
 *
 * Who pays is decided here, once, for the ledger's charge lines
 * (contract_billing): a running contract that covers the cost type makes
 * the line free; otherwise the warranty tier decides; where the tier charges
 * labour, travel or lodging and a running contract has free repairs left,
 * the repair (the ledger entry) takes one, once, and its labour, travel and
 * lodging are free (parts stay charged).
 *
 * Adding, ending and renewing need ACT_CONTRACT_CHANGE (supervisor), checked
 * here against store_user(); every change is one transaction with an audit
 * row. Reading needs ACT_CONTRACT_READ, checked by the callers.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_CONTRACT_H
#define SERVDESK_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "buf.h"
#include "datetime.h"
#include "sla.h"
#include "store.h"
#include "warranty.h"

enum sd_contract_visits { CV_NONE, CV_QUARTERLY, CV_MONTHLY, CV_COUNT };

const char *contract_visits_code(int v);   /* "none", "quarterly", "monthly" */
const char *contract_visits_name(int v);   /* translated */
int contract_visits_parse(const char *s);  /* code or Chinese (不巡检, 每季度, 每月); -1 */
/* months between maintenance visits: 3, 1, or 0 for none */
int contract_visits_months(int v);

/*
 * "parts,labour,travel,lodging" (any order; Chinese names too, 、 or ，
 * between them) into covers[]. Returns SD_OK or SD_DATAERR naming the word.
 */
int contract_covers_parse(const char *list, bool covers[COST_COUNT], sd_err *err);
/* "labour, parts" (translated names) or "nothing" into b. */
void contract_covers_text(buf *b, const bool covers[COST_COUNT]);

/*
 * A contract's own service levels: per priority (P1..P4) the clocks it names
 * and their commitments, written as the policy's ("onsite:4h", "clear:1wd",
 * "reply:off"). A clock it does not name keeps the policy's commitment.
 */
#define CONTRACT_PRIORITIES 4
typedef struct sd_contract_levels {
	bool set[CONTRACT_PRIORITIES][CLOCK_COUNT];   /* [priority - 1][clock] named */
	sla_dur d[CONTRACT_PRIORITIES][CLOCK_COUNT];
} sd_contract_levels;

/*
 * Parse "P1=onsite:4h,clear:1wd" (a priority, '=', then clock:duration pairs
 * separated by commas; the clock codes of sla_clock_code, the durations of
 * sla_dur_parse, "off" allowed) into lv, over what it already holds (the
 * option may be repeated; a priority given again is replaced). SD_DATAERR
 * with a one-line message naming the priority, clock or duration at fault.
 */
int contract_levels_parse(const char *spec, sd_contract_levels *lv, sd_err *err);
/* Does lv name any clock (for priority p 1..4; 0: for any priority)? */
bool contract_levels_any(const sd_contract_levels *lv, int p);
/* "onsite:4h,clear:1wd" for priority p (1..4), in clock order; nothing if none. */
void contract_levels_format(buf *b, const sd_contract_levels *lv, int p);
/* "P1=onsite:4h,clear:1wd P2=reply:1h" for every priority named; nothing if none. */
void contract_levels_text(buf *b, const sd_contract_levels *lv);

typedef struct sd_contract {
	long long id;
	char *customer;
	char from_on[11];          /* first day */
	char to_on[11];            /* last day as signed or renewed */
	char ended_on[11];         /* last day when ended early, or "" */
	char *end_reason;
	int visits;                /* enum sd_contract_visits */
	bool covers[COST_COUNT];
	int free_repairs;          /* granted */
	int repairs_used;          /* taken by ledger entries (read only) */
	char *note;
	char **serials;            /* the equipment covered; none: all the customer's */
	size_t nserials;
	char *who;                 /* who added it */
	char at[17];
	sd_contract_levels levels; /* its own service levels (none: the policy's) */
} sd_contract;

void contract_free(sd_contract *k);
/* The last day of cover: ended_on if ended early, else to_on. */
const char *contract_last_day(const sd_contract *k);
/* Does the contract run on day d? */
bool contract_runs_on(const sd_contract *k, sd_date d);

/*
 * Add a contract (fields of *k: customer, from_on, to_on, visits, covers,
 * free_repairs, note, serials). Checks: the customer exists, the dates are
 * valid and from <= to, every serial is the customer's equipment (each once),
 * free repairs 0..100, the note at most 2000 characters. *id gets the new id.
 * Its service levels (k->levels) are written with it, and the open entries
 * of the customer get their due times recomputed in the same transaction.
 */
int contract_add(store *st, const sd_contract *k, long long *id, sd_err *err);
/* End contract id early: on is its last day of cover (from..to); reason optional; recomputes as contract_add. */
int contract_end(store *st, long long id, const char *on, const char *reason, sd_err *err);
/* Renew contract id (not ended) to a later last day; its service levels carry on. */
int contract_renew(store *st, long long id, const char *to, sd_err *err);
/*
 * Renew contract id as contract_renew, with new service levels (levels not
 * NULL: they replace the contract's own levels as a whole; NULL: they carry
 * on). A contract's levels change only when it is added or renewed: they
 * are part of what was signed. The open entries the contract covers get
 * their due times recomputed in the same transaction.
 */
int contract_renew_levels(store *st, long long id, const char *to, const sd_contract_levels *levels,
                          sd_err *err);

/* Read contract id; SD_DATAERR "no contract number N" if none. */
int contract_get(store *st, long long id, sd_contract *out, sd_err *err);
/*
 * The contracts of a customer (NULL: all), newest first day first; with
 * running_on != SD_DATE_NONE only those running that day. SD_DATAERR for an
 * unknown customer. Stops on fn's non-zero return and returns it.
 */
int contract_each(store *st, const char *customer, sd_date running_on,
                  int (*fn)(const sd_contract *k, void *arg), void *arg, sd_err *err);
/*
 * The contracts covering the equipment with serial that run on day on,
 * oldest first day first (see contract_each).
 */
int contract_each_for(store *st, const char *serial, sd_date on,
                      int (*fn)(const sd_contract *k, void *arg), void *arg, sd_err *err);

/*
 * The contracts covering the equipment with serial whose days of cover meet
 * from..until (both included), oldest first day first.
 */
int contract_each_covering(store *st, const char *serial, sd_date from, sd_date until,
                           int (*fn)(const sd_contract *k, void *arg), void *arg, sd_err *err);

/*
 * The service levels in force for a request: those of the contract running
 * on day on (the day of receipt) for the equipment with serial -- a contract
 * listing it, or one covering all its owner's equipment; when serial is NULL
 * or names no known equipment, a contract of customer covering all its
 * equipment -- that names clocks for priority (1..4). Where several do, the
 * one with the latest first day (then the highest number). Sets set[c] and
 * d[c] for the clocks it names and *contract_id (0 and nothing set when none
 * applies). The one rule ledger.c's clocks use.
 */
int contract_levels_in_force(store *st, const char *serial, const char *customer, sd_date on,
                             int priority, bool set[CLOCK_COUNT], sla_dur d[CLOCK_COUNT],
                             long long *contract_id, sd_err *err);

/* What contract_billing decided for a charge line. */
typedef struct sd_cover {
	long long contract_id;     /* the contract that made it free, or 0 */
	bool free_repair;          /* free as one of the contract's free repairs */
	int repair_no;             /* which free repair (1-based) when free_repair */
	int free_repairs;          /* the contract's free repairs granted */
} sd_cover;

/*
 * Who pays for a charge of cost type cost on day on for ledger entry
 * ledger_id on the equipment with serial (NULL or unknown: no contract
 * applies), given the warranty status ws on that day (NULL: unknown, all
 * charged). Sets *charged and *cover. Takes a free repair for the entry
 * (writes contract_repair) when one is used: call inside the caller's
 * transaction.
 */
int contract_billing(store *st, long long ledger_id, const char *serial, sd_date on, int cost,
                     const warranty_status *ws, bool *charged, sd_cover *cover, sd_err *err);

/* "under contract 3" / "free repair under contract 3" (translated), or nothing. */
void contract_cover_text(buf *b, long long contract_id, bool free_repair);
/* Who decided a charge line: the tier's name, then "; under contract 3" when a contract did. */
void contract_charge_text(buf *b, int tier, long long contract_id, bool free_repair);

/* ---------------------------------------------------------------- ending soon */

enum sd_expiring_kind { EXP_WARRANTY, EXP_CONTRACT };

/* A warranty or a contract that ends soon. */
typedef struct sd_expiring {
	int kind;                  /* enum sd_expiring_kind */
	sd_date ends;              /* its last day */
	const char *customer;
	const char *serial;        /* the equipment (a warranty), or NULL */
	long long contract_id;     /* the contract, or 0 */
	bool ended_early;          /* a contract ended before its last day */
} sd_expiring;

const char *contract_expiring_kind_code(int kind);   /* "warranty", "contract" */
const char *contract_expiring_kind_name(int kind);   /* translated */

/*
 * The warranties (with downtime added, as equipment_warranty) and the
 * contracts whose last day falls in from..from+days (both included), by last
 * day, then customer, warranties before contracts, then serial or number.
 * With fn NULL only counts them into *count (may be NULL otherwise).
 */
int contract_expiring(store *st, sd_date from, int days,
                      int (*fn)(const sd_expiring *x, void *arg), void *arg, long *count,
                      sd_err *err);

#endif
