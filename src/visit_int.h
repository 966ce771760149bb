/*
 * visit_int.h — what visit.c and visit_plan.c share; not for other modules.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_VISIT_INT_H
#define SERVDESK_VISIT_INT_H

#include <sqlite3.h>
#include "datetime.h"
#include "store.h"

/* The usual method of a kind (enum sd_visit_method), -1 if it has none. */
int visit_kind_method(int kind);

/* Bind s as text (copied), or NULL when s is NULL or empty. */
void visit_bind_opt(sqlite3_stmt *q, int i, const char *s);

/* Step a statement that returns no rows and reset it; SD_OK or store_fail(what). */
int visit_run(store *st, sqlite3_stmt *q, const char *what, sd_err *err);

/* Today: the date of store_now. */
sd_date visit_today(void);

/* The visit's row as JSON for the audit trail (malloc'd), NULL if there is none. */
char *visit_json(store *st, long long id);

#endif
