/*
 * quality.h — service quality by equipment model (匯總產品服務質量信息): the
 * faults of a period broken down by the machine's model and the fault
 * category, with the repeat repairs (history.h) and the downtime from the
 * fault's report to its recovery. Built as a section of a document (doc.h)
 * for the monthly summary and for `servdesk report quality`.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_QUALITY_H
#define SERVDESK_QUALITY_H

#include "common.h"
#include "doc.h"
#include "store.h"

typedef struct quality_row {
	char *model;          /* the equipment's model; "" when unknown (no serial, no record) */
	char *fault_code;
	char *fault_name;     /* NULL when the category has no name */
	long entries;         /* entries whose fault category was set in the period */
	long repeats;         /* of them, repeat repairs */
	long recovered;       /* of them, cleared (fault recovered) before the period's end */
	long down_min;        /* the minutes from the request to the clearing, summed over `recovered` */
} quality_row;

typedef struct sd_quality {
	char period[8];       /* "YYYY" or "YYYY-MM" */
	char from[17], to[17];/* the period as [from, to) */
	quality_row *rows;    /* by model, then most entries first */
	size_t nrows;
	long entries, repeats, recovered, down_min;   /* totals */
} sd_quality;

/*
 * Parse "YYYY" or "YYYY-MM" into q->period, q->from and q->to; false if
 * malformed.
 */
bool quality_period(const char *s, sd_quality *q);

/*
 * The faults of the entries whose solution (with the fault category) was
 * proposed in [q->from, q->to), by model and category. q->period, from and
 * to set (quality_period); the rest is filled. Free with quality_free.
 */
int quality_load(store *st, sd_quality *q, sd_err *err);
void quality_free(sd_quality *q);

/* Add the section "quality" (the table by model and category, the totals) to d. */
void quality_doc_section(sd_doc *d, const sd_quality *q);

/* The quality report of the period as a document of its own. doc_free it. */
sd_doc *quality_doc(const sd_quality *q, const char *site);

#endif
