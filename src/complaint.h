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

#endif
