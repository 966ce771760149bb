/*
 * custyear.h — what was done for a customer in a year, listed: every
 * service request with its state, every visit and every repair (the entries
 * closed in the year, with the fault, the parts replaced and what the
 * customer paid), for the customer's yearly report (report.h).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_CUSTYEAR_H
#define SERVDESK_CUSTYEAR_H

#include <stdbool.h>
#include <stdint.h>
#include "common.h"
#include "doc.h"
#include "store.h"

typedef struct cy_service {
	char received_at[17];
	char regno[24];
	char *serial;
	char *item;          /* the first maintenance item */
	char *state;         /* translated: the ledger state, else the request's status */
	char *state_code;    /* "open", "handed", or a ledger state code */
	bool repeat;         /* a repeat repair */
} cy_service;

typedef struct cy_visit {
	long long id;
	char due_on[11];
	char done_at[17];
	char *kind;          /* translated */
	char *kind_code;
	char *status;        /* translated */
	char *status_code;
	char *serial;
	int satisfaction;    /* 1..5, 0 if none */
} cy_visit;

typedef struct cy_repair {
	char closed_at[17];
	char regno[24];
	char *serial;
	char *fault;         /* the fault category's name (or code) */
	char *parts;         /* "name ×qty, ..." of the parts replaced; NULL if none */
	int64_t billed_fen;  /* what the customer pays */
} cy_repair;

typedef struct sd_custyear_lists {
	cy_service *services;
	size_t nservices;
	cy_visit *visits;
	size_t nvisits;
	cy_repair *repairs;
	size_t nrepairs;
} sd_custyear_lists;

/* Load the lists of customer (as registered) in year into *l (zeroed first). */
int custyear_lists_load(store *st, const char *customer, int year, sd_custyear_lists *l, sd_err *err);
void custyear_lists_free(sd_custyear_lists *l);

/* Add the sections "services", "visits" and "repairs" to d. */
void custyear_lists_doc(sd_doc *d, const sd_custyear_lists *l);

#endif
