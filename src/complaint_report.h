/*
 * complaint_report.h — the complaint handling figures of the monthly summary:
 * complaints received in the month by cause, by responsible department and
 * by severity; the first reply against its clock; the serious and major
 * complaints still open at the month's end.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_COMPLAINT_REPORT_H
#define SERVDESK_COMPLAINT_REPORT_H

#include "common.h"
#include "doc.h"
#include "store.h"

#define COMPLAINT_REPORT_TOP 10

typedef struct cm_named {
	char *name;            /* the cause or department as written ("" when not recorded) */
	long n;
} cm_named;

typedef struct cm_open {
	long long id;
	char received_at[17];
	char *customer;
	int severity;          /* enum sd_complaint_severity */
	bool approved;
	bool escalated;        /* to the general manager */
} cm_open;

typedef struct sd_complaint_month {
	long received;                 /* complaints received in the month */
	long by_severity[3];           /* enum sd_complaint_severity order */
	cm_named *causes;              /* most first, at most COMPLAINT_REPORT_TOP */
	size_t ncauses;
	long other_causes;
	cm_named *departments;
	size_t ndepartments;
	long other_departments;
	/* the first reply of the complaints received in the month that had a commitment */
	long reply_clocks;             /* with a due time */
	long reply_within;             /* replied at or before the due time */
	long reply_late;               /* replied after it, or not replied and past due at the month's end */
	long reply_median_min;         /* received -> first reply, nearest-rank median; -1 if none replied */
	long reply_average_min;        /* the average, rounded; -1 if none replied */
	cm_open *open_serious;         /* serious and major complaints open at the month's end, oldest first */
	size_t nopen_serious;
} sd_complaint_month;

/* The figures of [from, to) ("YYYY-MM-DD HH:MM"). */
int complaint_month(store *st, const char *from, const char *to, sd_complaint_month *out, sd_err *err);
void complaint_month_free(sd_complaint_month *m);
/* Add the section "complaint_handling" to the monthly summary. */
void complaint_month_doc(sd_doc *d, const sd_complaint_month *m);

#endif
