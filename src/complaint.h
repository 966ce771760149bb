/*
 * complaint.h — complaints (投诉): entries of their own, classed quality /
 * non-quality (human cause) / other, with the product details the seeds ask
 * for (order number, part number, delivery date, quantity, defective
 * quantity), handling and close-out, linked to a ledger entry where there is
 * one.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_COMPLAINT_H
#define SERVDESK_COMPLAINT_H

#include <stdbool.h>
#include "common.h"
#include "store.h"
#include "intake.h"   /* enum sd_page_from */
#include "sla.h"

enum sd_complaint_class { CC_QUALITY, CC_NONQUALITY, CC_OTHER, CC_COUNT };
const char *complaint_class_code(int c);   /* "quality", "nonquality", "other" */
const char *complaint_class_name(int c);   /* translated: 质量投诉, 非质量投诉, 其他 */
int complaint_class_parse(const char *s);

/* Severity (情节): serious and major complaints need a supervisor's approval before they close. */
enum sd_complaint_severity { CS_GENERAL, CS_SERIOUS, CS_MAJOR, CS_COUNT };
const char *complaint_severity_code(int s);  /* "general", "serious", "major" */
const char *complaint_severity_name(int s);  /* translated: 一般, 严重, 重大 */
int complaint_severity_parse(const char *s); /* code or name; -1 if unknown */
/* Does a complaint of this severity need the supervisor's approval before it closes? */
bool complaint_needs_approval(int severity);

typedef struct sd_complaint {
	long long id;
	char *regno;            /* the ledger entry's register number, or NULL */
	char *customer;         /* required */
	int cls;                /* enum sd_complaint_class */
	char *order_no, *part_no;
	char delivered_on[11];
	int quantity, defective;   /* -1 when not given; defective <= quantity */
	char received_at[17];   /* "" = now */
	char *description;      /* required */
	char *handling;
	char closed_at[17];
	char *received_by, *closed_by;
	/* handling (migration 19) */
	int version;            /* as read; 0 = no check when saving */
	int severity;           /* enum sd_complaint_severity */
	char *cause;            /* 原因 */
	char *department;       /* 责任归属部门, free text */
	char *responsible;      /* the person responsible, free text */
	char *approved_by;      /* supervisor's approval: who, when, note */
	char approved_at[17];
	char *approval_note;
	char *corrective;       /* 改善措施 */
	char *verified_by;      /* its check: who, when, result */
	char verified_at[17];
	char *verify_result;
	long long claim_fen;    /* the customer's claim (索赔), -1 if none */
	long long settled_fen;  /* amount agreed or paid, -1 if not settled */
	char settled_on[11];
	char gm_escalated_on[11];  /* escalated to the general manager on, "" if not */
	char *gm_outcome;
	char reply_due[17];     /* the first-reply clock; "" when it had no commitment */
	char replied_at[17];    /* the first reply to the customer, "" if none yet */
} sd_complaint;

void complaint_free(sd_complaint *c);
/* Add; fills c->id. The ledger entry, if given, must exist. */
int complaint_add(store *st, sd_complaint *c, sd_err *err);
/* Close out with the handling (required). Refused if already closed. */
int complaint_close(store *st, long long id, const char *handling, sd_err *err);

/*
 * The rules of a complaint's handling, in one place. Who may do what:
 *   record, log progress, reply, close
 *                                    ACT_COMPLAINT (operator, engineer, supervisor)
 *   handle (cause, department, person, severity, corrective action, claim),
 *   check the action, settle the claim, escalate to the general manager
 *                                    ACT_COMPLAINT_HANDLE (engineer, supervisor)
 *   approve a serious or major one   ACT_COMPLAINT_APPROVE (supervisor)
 * Each change is one transaction with its audit row. version is the version
 * the caller read (0: no check); a complaint changed meanwhile is refused
 * naming who changed it. A closed complaint takes only progress entries and
 * the settlement of its claim.
 */

/*
 * Set the handling fields of c->id from c: cause, department, responsible,
 * severity, corrective, claim_fen (-1: none), handling. Changing the
 * severity clears an approval given for the old one.
 */
int complaint_handle(store *st, const sd_complaint *c, sd_err *err);
/* A supervisor approves a serious or major complaint (note optional). */
int complaint_approve(store *st, long long id, int version, const char *note, sd_err *err);
/* Record the check of the corrective action (which must be set): result required. */
int complaint_verify(store *st, long long id, int version, const char *result, sd_err *err);
/* Settle the claim: amount agreed or paid (fen), on a date ("" = today). */
int complaint_settle(store *st, long long id, int version, long long amount_fen, const char *on,
                     sd_err *err);
/* Escalate to the general manager on a date ("" = today), with the outcome when known (may be NULL). */
int complaint_escalate(store *st, long long id, int version, const char *on, const char *outcome,
                       sd_err *err);

/* The progress log (append-only). */
enum sd_progress_kind { CP_NOTE, CP_REPLY, CP_COUNT };
const char *complaint_progress_kind_code(int k);  /* "note", "reply" */
const char *complaint_progress_kind_name(int k);  /* translated */
int complaint_progress_kind_parse(const char *s);

typedef struct sd_complaint_progress {
	long long id;
	char at[17];
	char *by;
	int kind;
	char *text;
} sd_complaint_progress;

/*
 * Append an entry (now, by the acting person). The first entry of kind
 * CP_REPLY stops the first-reply clock.
 */
int complaint_progress_add(store *st, long long id, int kind, const char *text, sd_err *err);
/* Call fn for each entry of complaint id, oldest first. */
int complaint_progress_each(store *st, long long id,
                            int (*fn)(const sd_complaint_progress *p, void *arg), void *arg,
                            sd_err *err);

/*
 * The first-reply clock (首次答复): its commitment (setting
 * complaint_reply_in, a duration as servdesk policy set writes it; default
 * 30m, round the clock: a person is calling). Due times are computed by
 * sla_due_dur, the same computation as the ledger's clocks, and stored when
 * the complaint is received.
 */
void complaint_reply_policy(store *st, sla_dur *out);
/* Set it (supervisor); recomputes the due times of open complaints not yet replied to. */
int complaint_reply_policy_set(store *st, sla_dur d, long *recomputed, sd_err *err);
/*
 * The state of c's reply clock at now (SLA_NONE without commitment; closing
 * without a reply stops it at the close), and the due time of a complaint
 * received at received with the policy in force (explain: the reasoning).
 */
enum sla_state complaint_reply_state(store *st, const sd_complaint *c, sd_time now);
int complaint_reply_due(store *st, sd_time received, sd_time *due, buf *explain, sd_err *err);
int complaint_get(store *st, long long id, sd_complaint *out, sd_err *err);
/* All complaints (open only if open_only), newest first. */
int complaint_each(store *st, bool open_only, int (*fn)(const sd_complaint *c, void *arg),
                   void *arg, sd_err *err);

/* One row of the complaint list: the columns a list shows, and the key to page from it. */
typedef struct sd_complaint_row {
	long long id;
	char received_at[17];
	int cls;                /* enum sd_complaint_class */
	bool open;              /* not yet closed out */
	char *customer;         /* malloc'd */
	char regno[24];         /* the linked ledger entry's register number, "" if none */
	char *summary;          /* the description's first line, malloc'd */
	int severity;           /* enum sd_complaint_severity */
	int reply_state;        /* enum sla_state of the first-reply clock now */
	/* paging key (opaque to callers) */
	char key_text[17];
	long long key_num;
} sd_complaint_row;

void complaint_row_free(sd_complaint_row *row);

/*
 * Fetch up to limit rows of the complaint list (newest first: by received_at,
 * then number, descending), only the open ones if open_only, only class cls
 * unless cls is -1, relative to anchor (a row previously returned, for
 * PAGE_AFTER/PAGE_BEFORE), in list order, as intake_page: keyset paging over
 * the index on received_at, never the whole table. Fills rows[0..*n).
 * Returns SD_OK, or SD_INTERNAL with err->msg "interrupted" if the interrupt
 * callback (store_set_interrupt) cancelled the query.
 */
int complaint_page(store *st, bool open_only, int cls, enum sd_page_from from,
                   const sd_complaint_row *anchor, int limit, sd_complaint_row *rows, int *n,
                   sd_err *err);

#endif
