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

enum sd_complaint_class { CC_QUALITY, CC_NONQUALITY, CC_OTHER, CC_COUNT };
const char *complaint_class_code(int c);   /* "quality", "nonquality", "other" */
const char *complaint_class_name(int c);   /* translated: 质量投诉, 非质量投诉, 其他 */
int complaint_class_parse(const char *s);

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
} sd_complaint;

void complaint_free(sd_complaint *c);
/* Add; fills c->id. The ledger entry, if given, must exist. */
int complaint_add(store *st, sd_complaint *c, sd_err *err);
/* Close out with the handling (required). Refused if already closed. */
int complaint_close(store *st, long long id, const char *handling, sd_err *err);
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
