/*
 * install.h — installation and commissioning (安装调试) and training (培训)
 * as recorded service work, signed by both sides (双方签字).
 *
 * Where they live: a register of their own (table install_job), not the
 * visit schedule. A visit is a follow-up the rules plan and re-plan; its
 * outcome is a satisfaction rating, and its kinds are fixed by the visit
 * table. Commissioning and training are work promised with the sale (无偿
 * 安装调试、人员培训): one commissioning per machine, due within a set time
 * of its arrival, whose date becomes the machine's commissioning date, and
 * training with its days, trainer, attendees and topics; both end with the
 * customer's signature. They take the engineer, the dates and the state from
 * the same ideas as visits, and the same rules of change (a transaction,
 * a version check, an audit row).
 *
 * Commissioning of a piece of equipment is due install_within_days
 * (setting, default 7) CALENDAR days after its arrival: the arrival
 * acceptance date (accepted_on) if recorded, else the delivery date
 * (delivered_on) — "within a week" (一周内) of the service terms counts the
 * week as it comes, weekends and holidays included. A machine that has
 * arrived, is not commissioned (commissioned_on empty) and is past its due
 * date is overdue (loan units excluded), whether planned or not.
 *
 * Recording a commissioning done sets the equipment's commissioned_on to
 * the day it was done, through equipment_put (its own checks and audit row)
 * in the same transaction; the warranty counts from it (warranty.h).
 *
 * Training (for a customer, optionally one of its machines) has planned days
 * (training_days, default 3), the days held (first and last), the trainer,
 * the attendees (names and count) and the topics.
 *
 * States: planned -> done -> signed; planned -> cancelled. Signing needs the
 * work done first; it records who signed for the customer and the day (the
 * engineer signs for the service department).
 *
 * Permissions: planning and cancelling ACT_INSTALL_PLAN (operator,
 * engineer, supervisor: the front desk takes the customer's call that the
 * machine has arrived); recording done and signed ACT_INSTALL_WORK
 * (engineer, supervisor).
 *
 * Every change is one transaction with an audit row (table "install_job",
 * key the number); edits take an expected version (< 0: no check).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_INSTALL_H
#define SERVDESK_INSTALL_H

#include <stdbool.h>
#include "common.h"
#include "datetime.h"
#include "doc.h"
#include "intake.h"
#include "store.h"

#define INSTALL_WITHIN_KEY "install_within_days"
#define INSTALL_WITHIN_DEFAULT 7
#define TRAINING_DAYS_KEY "training_days"
#define TRAINING_DAYS_DEFAULT 3

enum sd_install_kind { IK_COMMISSION, IK_TRAINING, IK_COUNT };
enum sd_install_status { IS_PLANNED, IS_DONE, IS_SIGNED, IS_CANCELLED, IS_COUNT };

const char *install_kind_code(int kind);      /* "commission", "training"; "?" if invalid */
const char *install_kind_name(int kind);      /* translated */
int install_kind_parse(const char *s);        /* code or Chinese name; -1 if unknown */
const char *install_status_code(int status);  /* "planned", "done", "signed", "cancelled" */
const char *install_status_name(int status);  /* translated */
int install_status_parse(const char *s);      /* code or Chinese name; -1 if unknown */

/* The settings in force (defaults when unset). */
int install_within_days(store *st);
int install_training_days(store *st);

/*
 * The day commissioning is due: arrived + within calendar days; SD_DATE_NONE
 * (warranty.h) if arrived is SD_DATE_NONE. Pure.
 */
sd_date install_due(sd_date arrived, int within);

/*
 * Days late: how many days after due the work was done (done - due, 0 if on
 * time), or is still not done on today; 0 when due is unknown. Pure.
 */
int install_days_late(sd_date due, sd_date done);

/* The number of names in a list of attendees (separated by line breaks, commas, 、 or ；). */
int install_count_names(const char *names);

/* One piece of commissioning or training. Strings malloc'd, NULL where empty. */
typedef struct sd_install {
	long long id;
	int kind;                  /* enum sd_install_kind */
	int status;                /* enum sd_install_status */
	long long customer_id;
	char *customer;            /* the customer's name */
	long long equipment_id;    /* 0: none (training only) */
	char *serial;
	char *model;
	char arrived_on[11];       /* the machine's arrival (accepted_on, else delivered_on) or "" */
	char due_on[11];           /* commissioning: its due date, or "" if not arrived */
	char commissioned_on[11];  /* the machine's commissioning date as recorded, or "" */
	char planned_on[11];       /* the (first) day planned */
	int days;                  /* training: days planned; commissioning: 1 */
	char *engineer;            /* login of the engineer or trainer */
	char *engineer_name;       /* the staff member's name */
	char done_on[11];          /* the day commissioned; the first day of training held */
	char done_to[11];          /* the last day of training held ("" for commissioning) */
	char *work;                /* the checks made; the topics taught (planned topics before) */
	char *attendees;           /* training: the attendees' names */
	int attendee_count;        /* 0: none recorded */
	char *signed_by;           /* who signed for the customer */
	char signed_on[11];
	char *cancel_reason;
	char created_at[17];
	char *created_by;
	char done_at[17];          /* when done was recorded */
	char *done_by;
	bool overdue;              /* commissioning not done, past its due date today */
	int version;
} sd_install;

void install_free(sd_install *j);

/* Load number id; SD_DATAERR "no commissioning or training numbered N" if none. */
int install_get(store *st, long long id, sd_install *out, sd_err *err);

/* Days of training held (done_to - done_on + 1), 0 if not held. */
int install_days_held(const sd_install *j);

enum sd_install_op { IOP_PLAN, IOP_WORK };

/* May login plan (IOP_PLAN) or record (IOP_WORK)? SD_OK or SD_NOPERM as staff_permit. */
int install_permit(store *st, const char *login, enum sd_install_op op, sd_err *err);

/*
 * Plan a commissioning or a training. j->kind; commissioning: j->serial
 * (required; not yet commissioned, no other commissioning of it planned or
 * done), j->customer optional (must be the machine's); training:
 * j->customer (required), j->serial optional (one of its machines), j->days
 * (0: training_days). j->planned_on ("" for commissioning: its due date, or
 * today if that is past or the machine has not arrived), j->engineer
 * (optional: an active engineer or supervisor), j->work (optional: what is
 * planned). Fills *id. SD_DATAERR naming the field.
 */
int install_add(store *st, const sd_install *j, long long *id, sd_err *err);

/* What was done. Zero-initialise, then set. */
typedef struct sd_install_done {
	const char *done_on;       /* "" or NULL: today; not before the arrival, not after today */
	const char *done_to;       /* training: the last day (default: the planned days from done_on) */
	const char *engineer;      /* default: the planned engineer, else the acting person */
	const char *work;          /* required: checks made / topics taught */
	const char *attendees;     /* training: required */
	int attendee_count;        /* training: 0 = the number of names */
} sd_install_done;

/*
 * Record a planned job as done. A commissioning sets the machine's
 * commissioned_on to done_on (equipment_put, audited) in the same
 * transaction.
 */
int install_done(store *st, long long id, int expected_version, const sd_install_done *d,
                 sd_err *err);

/*
 * Both sides signed a job done: signed_by (required, who signed for the
 * customer), signed_on ("" or NULL: today; not before the work was done, not
 * after today). SD_DATAERR if the job is not done (not yet done, already
 * signed, cancelled).
 */
int install_sign(store *st, long long id, int expected_version, const char *signed_by,
                 const char *signed_on, sd_err *err);

/* Cancel a planned job; the reason is required. */
int install_cancel(store *st, long long id, int expected_version, const char *reason, sd_err *err);

/* ---------------------------------------------------------------- lists */

enum sd_install_view {
	IV_OPEN,        /* planned or done but not yet signed, by planned day */
	IV_ALL,         /* every job, by planned day */
	IV_OVERDUE      /* machines arrived, not commissioned, past due (planned or not), by due day */
};

/* What a list shows. Zero-initialise, then set. */
typedef struct sd_install_query {
	int view;                  /* enum sd_install_view */
	int kind;                  /* enum sd_install_kind + 1; 0: both (not for IV_OVERDUE) */
	long long customer_id;     /* 0: all */
} sd_install_query;

/* One row. */
typedef struct sd_install_row {
	long long id;              /* the job; 0 for a machine with no commissioning planned */
	long long equipment_id;    /* IV_OVERDUE: the machine (the paging key) */
	int kind, status;          /* status -1: none planned */
	char date[11];             /* the list's order: planned_on, or due_on for IV_OVERDUE */
	char planned_on[11], due_on[11], done_on[11];
	char *customer, *serial, *engineer;   /* malloc'd or NULL */
	int days_late;             /* IV_OVERDUE: days past due today */
	bool overdue;
} sd_install_row;

void install_row_free(sd_install_row *r);

/* Keyset paging as visit_page (PAGE_FIRST, PAGE_LAST, PAGE_AFTER, PAGE_BEFORE). */
int install_page(store *st, const sd_install_query *q, enum sd_page_from from,
                 const sd_install_row *anchor, int limit, sd_install_row *rows, int *n,
                 sd_err *err);

/* ---------------------------------------------------------------- the signed record */

/*
 * The commissioning record (安装调试记录) or the training record (培训记录)
 * of job id as a document, with the two signature lines (the engineer's and
 * the customer's), filled in when signed.
 */
int install_form(store *st, long long id, sd_doc **out, sd_err *err);

/* ---------------------------------------------------------------- the month */

/* The figures of one month, for the monthly summary. */
typedef struct sd_install_month {
	long commissioned;         /* commissionings done in the month */
	long commissioned_late;    /* of those, done after their due date */
	long delay_days_total;     /* sum of days from arrival to commissioning */
	long delay_days_max;
	long overdue_at_end;       /* machines overdue on the month's last day */
	long trainings;            /* trainings held (ended) in the month */
	long training_days;        /* days of those trainings */
	long attendees;            /* their attendees */
	long signed_;              /* jobs signed in the month */
} sd_install_month;

/* The figures of month y-m. */
int install_month(store *st, int y, int m, sd_install_month *out, sd_err *err);

/* Add the section of the month's figures to the monthly summary d. */
void install_month_doc(sd_doc *d, const sd_install_month *m);

/* ---------------------------------------------------------------- demonstration */

/*
 * The demonstration's commissioning and training (inside the caller's
 * transaction): a sandblaster (喷砂机) commissioned and signed by both
 * sides, a three-day training held and signed, and the commissioning of the
 * machine still waiting for it planned and overdue.
 */
int install_demo(store *st, sd_err *err);

#endif
