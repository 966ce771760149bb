/*
 * staff.h — the staff list: who may sign for what.
 * Roles: operator (前台), storekeeper (库管), engineer (工程师), supervisor (主管).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_STAFF_H
#define SERVDESK_STAFF_H

#include <stdbool.h>
#include "common.h"
#include "store.h"

enum sd_role { ROLE_OPERATOR, ROLE_STOREKEEPER, ROLE_ENGINEER, ROLE_SUPERVISOR, ROLE_COUNT };

const char *staff_role_code(int role);   /* "operator", ... */
const char *staff_role_name(int role);   /* translated */
int staff_role_parse(const char *s);     /* code or Chinese name; -1 if unknown */

typedef struct sd_staff {
	char *login;
	char *name;
	char *phone;
	int role;
	bool active;
} sd_staff;

void staff_free(sd_staff *s);

/*
 * Add or update a staff member (one transaction, audited). Login and name are
 * required; role must be valid. Returns SD_OK or SD_DATAERR.
 */
int staff_put(store *st, const sd_staff *s, sd_err *err);

/*
 * Change a staff member (one transaction, audited with the old and the new
 * values). before is the member as the caller read it (NULL: no check); if
 * the stored row differs from it (changed meanwhile), the change is refused
 * with SD_DATAERR naming the values now stored. after->login names the row;
 * a login not on the list is added (before must then be NULL). Refused with
 * SD_DATAERR: deactivating or demoting the last active supervisor, and the
 * field checks of staff_put.
 */
int staff_edit(store *st, const sd_staff *before, const sd_staff *after, sd_err *err);

/*
 * Is login the only active supervisor left? (true when login is an active
 * supervisor and no other active supervisor exists).
 */
bool staff_last_supervisor(store *st, const char *login);

/*
 * Fetch up to limit staff members ordered by login, relative to anchor (a
 * login; NULL for PAGE_FIRST and PAGE_LAST; enum sd_page_from of intake.h)
 * into rows (their strings malloc'd: free each with staff_free), the count
 * into *n, in list order. Returns SD_OK or a status with err set.
 */
int staff_page(store *st, int from, const char *anchor, int limit, sd_staff *rows, int *n,
               sd_err *err);

/* Look up an active or inactive staff member; SD_DATAERR if there is none. */
int staff_get(store *st, const char *login, sd_staff *out, sd_err *err);

/*
 * A staff member as the reader knows them, appended to out: the name with
 * the login ("陈志强（chen）" under zh_CN), or the login alone when there is
 * no such person or the name is the login. Nothing for an empty login.
 */
void staff_label(store *st, const char *login, buf *out);
/* The same the other way round, as documents and the command line list
 * people: "chen（陈志强）", or the login alone when not on the list. */
void staff_label_login(store *st, const char *login, buf *out);

/*
 * Call fn for each staff member ordered by login (active only if
 * active_only). Stops on fn's non-zero return and returns it.
 */
int staff_each(store *st, bool active_only, int (*fn)(const sd_staff *s, void *arg),
               void *arg, sd_err *err);

/* Is login an active member who may receive requests for the technical department? */
bool staff_can_receive(store *st, const char *login);

/* What a person may be allowed to do; staff_permit decides by role. */
enum sd_action {
	ACT_REQUEST_ADD,     /* register a request: any active staff member */
	ACT_REQUEST_EDIT,    /* edit a request: any active staff member */
	ACT_REQUEST_HAND,    /* hand a request over: any active staff member */
	ACT_REQUEST_VOID,    /* void a request: operator or supervisor */
	ACT_REQUEST_IMPORT,  /* import requests: operator or supervisor */
	ACT_STAFF_CHANGE,    /* change the staff list: supervisor (anyone while it is empty) */
	ACT_CUSTOMER_CHANGE, /* customers, equipment, downtime: operator, engineer, supervisor */
	ACT_LEDGER_TAKE,     /* take a request into the ledger: engineer, supervisor */
	ACT_LEDGER_WORK,     /* the ledger's steps, charges and payments: engineer, supervisor */
	ACT_COMPLAINT,       /* record and close complaints: operator, engineer, supervisor */
	ACT_POLICY_CHANGE,   /* service-level policy and settings: supervisor */
	ACT_STOCK_MOVE,      /* receive, issue, return, adjust, order parts: storekeeper, supervisor */
	ACT_PART_CHANGE,     /* the parts master and its import: storekeeper, supervisor */
	ACT_ADMIN,           /* restore the database from a backup: supervisor */
	ACT_VISIT_PLAN,      /* visit rules and planning: supervisor */
	ACT_VISIT_WORK,      /* add, move, assign, cancel visits, outcomes, visit to request: engineer, supervisor */
	ACT_VISIT_CALL,      /* the outcome of a visit by phone: operator, engineer, supervisor */
	ACT_REPORT_READ,     /* read the monthly summary and customer reports: any active staff member */
	ACT_LOOK,            /* open the database to read: any active staff member; anyone not on
	                        the staff list (or inactive) only where the setting guest_read is yes */
	ACT_CONTRACT_CHANGE, /* add, end and renew service contracts: supervisor */
	ACT_CONTRACT_READ,   /* look at service contracts: any active staff member */
	ACT_REPAIR_RECEIVE,  /* open a factory repair order (receipt of a product): operator, engineer, supervisor */
	ACT_REPAIR_WORK,     /* the repair order's steps and workshop record: engineer, supervisor */
	ACT_LOAN,            /* lend loan units and take them back: storekeeper, engineer, supervisor */
	ACT_COMPLAINT_HANDLE,  /* a complaint's cause, responsibility, severity, action, claim: engineer, supervisor */
	ACT_COMPLAINT_APPROVE, /* approve a serious or major complaint: supervisor */
	ACT_INSTALL_PLAN,    /* plan and cancel commissioning and training: operator, engineer, supervisor */
	ACT_INSTALL_WORK,    /* record commissioning and training done and signed: engineer, supervisor */
	ACT_RETURN_RAISE,    /* raise a return or exchange: operator, engineer, supervisor */
	ACT_RETURN_APPROVE,  /* approve or refuse a return or exchange: supervisor */
	ACT_RETURN_CARRY,    /* carry out and close a return or exchange (its stock sides): storekeeper, supervisor */
	ACT_QUOTE_MAKE,      /* make and send quotations: engineer, supervisor */
	ACT_QUOTE_ANSWER,    /* record the customer's answer to a quotation: operator, engineer, supervisor */
	ACT_COUNT
};

/*
 * May login do action? Returns SD_OK, or SD_NOPERM with err->msg giving the
 * reason: not on the staff list (with how to be added), inactive, or a role
 * that may not; a failure to read the staff list is returned as that error
 * (never as a permission). While the staff list is empty anyone may change
 * it (and look). Every core function that changes data calls it first with
 * the store's acting login; the front ends call it only to ask "may I?"
 * (to grey out keys and give an early message).
 */
int staff_permit(store *st, const char *login, enum sd_action action, sd_err *err);

/* staff_permit for the store's acting person (store_user). */
int staff_permit_self(store *st, enum sd_action action, sd_err *err);

/* Number of staff rows into *n (0 on a new database); SD_OK or the read error. */
int staff_count(store *st, long *n, sd_err *err);

#endif
