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

/*
 * The demonstration's spare-parts store (demo_stock.c). demo_stock_open:
 * the parts master and the opening receipt of each part at cost, at time at.
 * demo_stock_issue: qty of part_no issued now to entry regno (its parts
 * line billed by the store), the shelf restocked first when it holds too
 * few (and, with restock, when the issue would leave it at its reorder
 * point: the older issues; the recent ones leave shelves low). Both inside
 * demo_fill's transaction. demo_stock_close, after it: an
 * adjustment with its reason, a stocktake counted and posted with two
 * differences, and orders for parts at or below their reorder point.
 */
int demo_stock_open(store *st, sd_time at, sd_err *err);
int demo_stock_issue(store *st, const char *part_no, long qty, const char *regno, const char *reason,
                     bool restock, sd_err *err);
int demo_stock_close(store *st, sd_time now, sd_err *err);
/*
 * The demonstration's earlier months (demo_months.c): for each full month
 * before the current one, follow-up visits (done, missed, cancelled), a
 * complaint replied to and closed, a machine commissioned and its operators
 * trained; demo_inbox_months, a fax registered from the inbox (and its
 * request closed) and one discarded. Both after demo_fill's transaction,
 * each step a transaction of its own.
 */
int demo_months(store *st, sd_time now, sd_err *err);
int demo_inbox_months(store *st, sd_time now, sd_err *err);
/* The name of a part of the demonstration (its number if unknown). */
const char *demo_part_name(const char *part_no);
#endif
