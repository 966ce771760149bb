/*
 * demo.h — a demonstration register with realistic Chinese data: staff,
 * customers and equipment of the kind the service documents describe, and a
 * few months of requests (fax, phone, letter, e-mail, visit) with handovers
 * and a voided entry. Deterministic: the same database every time.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_DEMO_H
#define SERVDESK_DEMO_H

#include "common.h"
#include "datetime.h"
#include "store.h"

/*
 * Fill an empty, migrated database with the demo data (one transaction).
 * Requests are dated in the months up to today (store_now). Returns SD_OK, or
 * SD_DATAERR if the register already holds requests.
 */
int demo_fill(store *st, sd_err *err);
/* The complaints' handling and the appointed engineers (demo_complaint.c), inside demo_fill's transaction; now in minutes. */
int demo_complaints(store *st, sd_time now, sd_err *err);

/*
 * The demonstration's machine history (demo_history.c): a repair closed with
 * its parts and a repeat repair of the same fault on the same machine,
 * inside demo_fill's transaction.
 */
int demo_history(store *st, sd_err *err);

/* The demonstration's fax inbox (demo_inbox.c), inside demo_fill's transaction. */
int demo_inbox(store *st, sd_err *err);
#endif
