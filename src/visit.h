/*
 * visit.h — the follow-up visit schedule (回访/巡检计划): the visit rules,
 * idempotent planning, visits added by hand, moving, assigning, cancelling,
 * recording outcomes, opening an intake request from a visit that found a
 * fault, the paged lists (due today, overdue, this week, a month, a day),
 * the month calendar's counts per day, and the CSV export.
 *
 * A visit belongs to a customer, optionally to a piece of equipment and a
 * ledger entry. Its status is planned, done, missed or cancelled; done_at is
 * when the outcome (done, missed, cancelled) was recorded. Dates are
 * "YYYY-MM-DD", times "YYYY-MM-DD HH:MM" (store_now, which honours
 * SERVDESK_NOW). "Today" is the date of store_now.
 *
 * Rules (table visit_rule: code, kind, params, active) carry their
 * parameters as a flat JSON object of whole numbers, read by
 * visit_params_parse:
 *   phone_followup  {"months":1}            one phone call N months after
 *                                           delivery (delivered_on)
 *   maintenance     {"weekly_months":6,     on site: weekly for the first
 *                    "every_months":3}      weekly_months months after
 *                                           commissioning (commissioned_on,
 *                                           else delivered_on), then every
 *                                           every_months months from the end
 *                                           of the weekly period
 *   survey          {"every_months":12}     a satisfaction survey by phone
 *                                           every N months, per customer,
 *                                           from the customer's first delivery
 *   key_customer    {"every_months":12}     an on-site visit to each key
 *                                           customer every N months from its
 *                                           first delivery
 *   quality_call    {"working_days":3}      a phone call N working days after
 *                                           a ledger entry closed
 * Month arithmetic clamps to the month's end (one month after 31 January is
 * 28 or 29 February). A due date that is not a working day of the calendar
 * (ledger_calendar: the same as the ledger's) moves to the next working day.
 *
 * Planning (visit_plan) creates the rules' visits due from today to a
 * horizon. Each rule visit has a deterministic plan_key (rule, subject,
 * occurrence number counted from the anchor: "maintenance:e00000012:q3",
 * "survey:c00000004:2", "quality_call:l00000031:1"), so planning again creates
 * nothing new; a planned visit whose rule now gives another date is moved
 * to it, and one its rule no longer gives (rule changed or switched off) is
 * removed. Visits done, missed or cancelled, visits moved by hand and
 * planned visits already overdue are never touched. Past occurrences are
 * never planned (equipment delivered long ago gets no backlog).
 *
 * Permissions (visit_permit): the rules and planning need ACT_VISIT_PLAN
 * (supervisor); everything else ACT_VISIT_WORK (engineer, supervisor), except
 * that the outcome (done, missed) of a visit by phone may also be recorded by
 * an operator (ACT_VISIT_CALL), who takes the follow-up calls at the front desk.
 *
 * Every change is one transaction with an audit row; the edits take an
 * expected version (< 0: no check) and refuse a visit changed meanwhile.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_VISIT_H
#define SERVDESK_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "common.h"
#include "datetime.h"
#include "enc.h"
#include "intake.h"
#include "staff.h"
#include "store.h"
#include "workcal.h"

enum sd_visit_kind {
	VK_PHONE_FOLLOWUP,   /* 电话回访 after delivery */
	VK_MAINTENANCE,      /* 定期巡检 */
	VK_SURVEY,           /* 满意度调查 */
	VK_KEY_CUSTOMER,     /* 关键用户走访 */
	VK_QUALITY_CALL,     /* 质量回访 after a ledger entry closed */
	VK_MANUAL,           /* added by hand */
	VK_COUNT
};
enum sd_visit_status { VS_PLANNED, VS_DONE, VS_MISSED, VS_CANCELLED, VS_COUNT };
enum sd_visit_method { VM_PHONE, VM_ONSITE, VM_COUNT };

const char *visit_kind_code(int kind);      /* "phone_followup", ... "manual"; "?" if invalid */
const char *visit_kind_name(int kind);      /* translated */
int visit_kind_parse(const char *s);        /* code or Chinese name; -1 if unknown */
const char *visit_status_code(int status);  /* "planned", "done", "missed", "cancelled" */
const char *visit_status_name(int status);  /* translated */
int visit_status_parse(const char *s);      /* code or Chinese name; -1 if unknown */
const char *visit_method_code(int method);  /* "phone", "onsite"; NULL for -1 */
const char *visit_method_name(int method);  /* translated; "" for -1 */
int visit_method_parse(const char *s);      /* code or Chinese name; -1 if unknown */

/* ---------------------------------------------------------------- rules */

#define VISIT_PARAM_MAX 4

/* One visit rule. */
typedef struct sd_visit_rule {
	char code[24];                       /* "maintenance", ... */
	int kind;                            /* enum sd_visit_kind */
	bool active;
	int nparams;
	struct {
		char name[24];               /* "every_months", ... */
		long value;
	} param[VISIT_PARAM_MAX];
} sd_visit_rule;

/*
 * Read a flat JSON object of whole numbers ({"a":1,"b":-2}, white space
 * allowed, at most VISIT_PARAM_MAX members, names of at most 23 ASCII
 * letters, digits or '_', values within ±1000000) into r->param. Returns
 * SD_OK, or SD_DATAERR "parameters: ..." naming the problem.
 */
int visit_params_parse(const char *json, sd_visit_rule *r, sd_err *err);

/* Write r's parameters as the JSON object visit_params_parse reads (into out). */
void visit_params_format(const sd_visit_rule *r, buf *out);

/* The value of parameter name, or dflt if r does not have it. */
long visit_rule_param(const sd_visit_rule *r, const char *name, long dflt);

/*
 * The parameters a rule of kind may have, as a NULL-terminated list of
 * names with their allowed range (min[i]..max[i]); NULL for VK_MANUAL.
 */
const char *const *visit_rule_param_names(int kind, const long **min, const long **max);

/* Load rule code; SD_DATAERR "no visit rule named ..." if none. */
int visit_rule_get(store *st, const char *code, sd_visit_rule *out, sd_err *err);

/* Call fn for each rule in code order; stops on fn's non-zero return and returns it. */
int visit_rule_each(store *st, int (*fn)(const sd_visit_rule *r, void *arg), void *arg,
                    sd_err *err);

/*
 * Change rule code: active (0 or 1; -1 keeps it) and the parameters
 * names[i] = values[i] (i < n), each a parameter of the rule's kind within
 * its range (else SD_DATAERR naming it). One transaction, audited. Planned
 * visits follow the change at the next visit_plan.
 */
int visit_rule_set(store *st, const char *code, int active, const char *const *names,
                   const long *values, int n, sd_err *err);

/* ---------------------------------------------------------------- dates */

/* d if it is a working day of cal, else the next working day. */
sd_date visit_next_workday(const workcal *cal, sd_date d);

/* The n-th working day after d (n >= 0; n = 0 gives visit_next_workday(d)). */
sd_date visit_add_workdays(const workcal *cal, sd_date d, int n);

/* One occurrence of a rule. */
typedef struct sd_visit_occ {
	sd_date due;          /* the due date, on a working day */
	char occ[16];         /* its number counted from the anchor ("1", "w3", "q2") */
} sd_visit_occ;

/*
 * The occurrences of rule r for a subject anchored on `anchor` (delivery,
 * commissioning, first delivery or closing date, as the rule's kind says)
 * whose due date, moved to a working day of cal, falls in [from, until]:
 * at most max of them into out, in date order. Returns how many (0 for an
 * inactive rule or a manual kind). Pure: no database.
 */
int visit_rule_dates(const sd_visit_rule *r, sd_date anchor, sd_date from, sd_date until,
                     const workcal *cal, sd_visit_occ *out, int max);

/* ---------------------------------------------------------------- planning */

/* What one planning run did. */
typedef struct sd_visit_plan_result {
	char from[11], until[11];   /* the horizon planned: today .. until */
	long created;               /* new visits */
	long moved;                 /* planned visits given a new due date */
	long removed;               /* planned visits their rule no longer gives */
	long unchanged;             /* visits already planned as the rules say */
} sd_visit_plan_result;

/* The default horizon of planning: today + 90 days. */
#define VISIT_PLAN_DAYS 90

/*
 * Plan the rules' visits due from today to until ("YYYY-MM-DD"; NULL or ""
 * for today + VISIT_PLAN_DAYS; before today is SD_DATAERR), as described at
 * the top. The horizon reaches at least as far as the latest visit already
 * planned by a rule, so that a shorter horizon never removes visits. One
 * transaction; one audit row for the run (with its counts) and one per visit
 * moved or removed. A subject without its anchor date (equipment not yet
 * delivered, a closed entry of a customer not on the customer list) gets no
 * visit. Fills *res (if not NULL).
 */
int visit_plan(store *st, const char *until, sd_visit_plan_result *res, sd_err *err);

/* ---------------------------------------------------------------- visits */

/* One visit. Strings are UTF-8, malloc'd, NULL where empty. */
typedef struct sd_visit {
	long long id;
	long long customer_id;
	char *customer;           /* the customer's name */
	long long equipment_id;   /* 0: none */
	char *serial;             /* the equipment's serial number */
	long long ledger_id;      /* 0: none (quality calls: the closed entry) */
	char *ledger_regno;       /* that entry's register number */
	char *rule_code;          /* NULL for a visit added by hand */
	char *plan_key;
	int kind;                 /* enum sd_visit_kind */
	char due_on[11];
	char *engineer;           /* login, NULL: not assigned */
	int method;               /* enum sd_visit_method, -1 not set */
	int status;               /* enum sd_visit_status */
	char *outcome;            /* what was found (done, missed) */
	int satisfaction;         /* 1..5, 0 not given */
	char *comments;           /* the customer's own words (客户意见) */
	char done_at[17];         /* when the outcome was recorded; "" if planned */
	char *cancel_reason;
	bool moved;               /* moved by hand: re-planning leaves it */
	char created_at[17];      /* "" for visits older than the record */
	char *created_by;
	char *request_regno;      /* the request opened from this visit, if any */
	int version;
} sd_visit;

void visit_free(sd_visit *v);

/* Load visit id; SD_DATAERR "no visit numbered N" if none. */
int visit_get(store *st, long long id, sd_visit *out, sd_err *err);

/* What a person does to a visit, for visit_permit. */
enum sd_visit_op {
	VOP_PLAN,       /* rules and planning */
	VOP_ADD, VOP_MOVE, VOP_ASSIGN, VOP_CANCEL,
	VOP_DONE, VOP_MISS,   /* v may be NULL; method: the method the outcome records */
	VOP_REQUEST     /* open a request from the visit */
};

/*
 * May login do op (to visit v, with the method the outcome records, -1 for
 * the visit's own)? SD_OK or SD_NOPERM (err->msg as staff_permit's), by the
 * rules at the top.
 */
int visit_permit(store *st, const char *login, enum sd_visit_op op, const sd_visit *v,
                 int method, sd_err *err);

/*
 * Add a visit by hand: customer (name, required, on the customer list),
 * serial (optional; the customer's equipment), kind (any; VK_MANUAL usual),
 * due_on (required, a valid date; kept as given even on a holiday), engineer
 * (optional: an active engineer or supervisor), method (-1: by the kind).
 * Fills *id. SD_DATAERR naming the field.
 */
int visit_add(store *st, const sd_visit *v, long long *id, sd_err *err);

/*
 * Move a planned visit to date (a valid date, kept as given); it is then
 * marked moved by hand. SD_DATAERR if the visit is not planned or changed
 * meanwhile (expected_version >= 0 and different: the message says who).
 */
int visit_move(store *st, long long id, int expected_version, const char *date, sd_err *err);

/* Assign a planned visit to login (an active engineer or supervisor; NULL or "" unassigns). */
int visit_assign(store *st, long long id, int expected_version, const char *login, sd_err *err);

/* Cancel a planned visit; the reason is required. done_at is now. */
int visit_cancel(store *st, long long id, int expected_version, const char *reason, sd_err *err);

/*
 * Record a planned (or missed) visit as done: satisfaction 1..5 (required),
 * method (-1 keeps the visit's), note (what was found) and comments (the
 * customer's own words), both optional. done_at is now.
 */
int visit_done(store *st, long long id, int expected_version, int satisfaction, int method,
               const char *note, const char *comments, sd_err *err);

/* Record a planned visit as missed (the customer could not be reached); note optional. */
int visit_miss(store *st, long long id, int expected_version, const char *note, sd_err *err);

/*
 * The visit found a fault: open an intake request from it, in one
 * transaction with marking the visit done (if still planned; its outcome
 * then names the request). r holds what the caller knows: the items
 * (required), priority, requester and phone (default: the customer's
 * contact and phone; SD_DATAERR if neither is known). The channel is
 * 'visit', the customer and serial those of the visit, request.visit_id the
 * visit. A cancelled visit, or one that already opened a request, is
 * refused. Fills r->regno and r->id.
 */
int visit_request(store *st, long long id, int expected_version, sd_request *r, sd_err *err);

/*
 * The line that shows where a request came from: "N (kind, due date)" for
 * visit visit_id, into out (size bytes); false (out "") if there is no such
 * visit. The desk and `request show` print it after "From visit:".
 */
bool visit_origin(store *st, long long visit_id, char *out, size_t size);

/* ---------------------------------------------------------------- lists */

enum sd_visit_view {
	VV_ALL,         /* every visit */
	VV_DUE,         /* planned, due today */
	VV_OVERDUE,     /* planned, due before today */
	VV_WEEK,        /* due this week (Monday to Sunday), any status */
	VV_MONTH,       /* due in the month of q->day, any status */
	VV_DAY,         /* due on q->day, any status */
	VV_UPCOMING     /* planned, due from today on */
};

/* What a list shows. Zero-initialise, then set. */
typedef struct sd_visit_query {
	int view;                /* enum sd_visit_view */
	char day[11];            /* VV_DAY: the day; VV_MONTH: any day of the month */
	const char *engineer;    /* login, NULL or "": all */
	int status;              /* with VV_ALL/WEEK/MONTH/DAY: enum sd_visit_status + 1, 0 all */
	long long customer_id;   /* 0: all */
} sd_visit_query;

/* One row of a list. */
typedef struct sd_visit_row {
	long long id;
	char due_on[11];
	int kind, status, method;   /* method -1: not set */
	bool moved;
	bool overdue;               /* planned and due before today */
	char *customer;             /* malloc'd */
	char *serial;               /* malloc'd or NULL */
	char *engineer;             /* malloc'd or NULL */
	int satisfaction;           /* 0: none */
	char done_at[17];
} sd_visit_row;

void visit_row_free(sd_visit_row *r);

/*
 * Fetch up to limit rows of the list q in due-date order (then by number),
 * relative to anchor (a row returned before) for PAGE_AFTER / PAGE_BEFORE,
 * as intake_page does. Keyset paging over the indexes: a page costs the
 * same whatever the number of visits. Fills rows[0..*n).
 */
int visit_page(store *st, const sd_visit_query *q, enum sd_page_from from,
               const sd_visit_row *anchor, int limit, sd_visit_row *rows, int *n, sd_err *err);

/* One day of the month calendar. */
typedef struct sd_visit_day {
	sd_date date;
	enum sd_daykind daykind;     /* working day, weekend, holiday, adjusted working day */
	int total;                   /* visits due that day (cancelled ones included) */
	int by_status[VS_COUNT];
	int by_kind[VK_COUNT];
	int overdue;                 /* planned and before today */
} sd_visit_day;

/*
 * The month calendar of year y, month m (1..12): days[0..*ndays) one per
 * day of the month (days must hold 31), with the counts of the visits due
 * that day (of engineer only, if not NULL or ""). One grouped query.
 */
int visit_month(store *st, int y, int m, const char *engineer, sd_visit_day *days, int *ndays,
                sd_err *err);

/*
 * Export visits as CSV (csvtab writer: UTF-8 with a BOM or GB18030), all or
 * those due in month ("YYYYMM"; NULL all), in due-date order, with Chinese
 * column titles: 编号, 客户, 设备序列号, 回访类型, 应访日期, 责任工程师,
 * 方式, 状态, 满意度, 回访结果, 客户意见, 记录时间, 取消原因, 规则, 手工调整.
 * Kinds, methods and statuses are written as their Chinese names.
 */
int visit_export(store *st, FILE *out, sd_encoding enc, const char *month, long *count,
                 sd_err *err);

#endif
