/*
 * history.h — each machine's history (设备档案: the requests, ledger entries,
 * visits, complaints, commissioning and training of one serial number,
 * newest first, paged through the database) and the repeat-repair rule
 * (同一问题重复修理).
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_HISTORY_H
#define SERVDESK_HISTORY_H

#include <stdbool.h>
#include "common.h"
#include "intake.h"   /* enum sd_page_from */
#include "store.h"

/* What a row of a machine's history is (the order within one moment, too). */
enum sd_hist_kind { HK_REQUEST, HK_LEDGER, HK_VISIT, HK_COMPLAINT, HK_INSTALL, HK_COUNT };

const char *history_kind_code(int kind);  /* "request", "ledger", "visit", "complaint", "install" */
const char *history_kind_name(int kind);  /* translated */

/* One row of a machine's history. Strings are malloc'd. */
typedef struct sd_hist_row {
	char at[17];          /* "YYYY-MM-DD HH:MM", or "YYYY-MM-DD" for a visit not done */
	int kind;             /* enum sd_hist_kind */
	char number[32];      /* register number; visit or complaint number */
	char *summary;        /* one line: state, fault, solution, ... (translated words) */
	bool repeat;          /* a ledger entry that is a repeat repair */
	long long key_id;     /* paging key with at and kind (opaque to callers) */
} sd_hist_row;

void history_row_free(sd_hist_row *r);

/*
 * A page of the history of the machine with this serial number, newest
 * first, as intake_page: up to limit rows relative to anchor (a row
 * previously returned, for PAGE_AFTER/PAGE_BEFORE), in list order, by keyset
 * paging on (when, kind, id); every arm of the query reads at most `limit`
 * rows of its table through an index on the machine. Fills rows[0..*n).
 * A serial with no records gives no rows (not an error).
 */
int history_page(store *st, const char *serial, enum sd_page_from from,
                 const sd_hist_row *anchor, int limit, sd_hist_row *rows, int *n, sd_err *err);

/* The short mark of a repeat repair in lists, before the entry's state (translated). */
const char *history_repeat_label(void);

/* The setting repeat_days (default 90): the window of the repeat-repair rule. */
#define HISTORY_REPEAT_DAYS_DEFAULT 90
long history_repeat_days(store *st);

/*
 * The repeat-repair rule: the ledger entry ledger_id is a repeat repair when
 * another entry of the same machine (the request's serial number) with the
 * same fault category was closed on or before this entry's request was
 * received, at most repeat_days days (by calendar date) before it. *prev_id
 * gets that entry's id (the latest such closing), or 0 when the entry is no
 * repeat (no serial, no fault category yet, or no such entry).
 */
int history_repeat_find(store *st, long long ledger_id, long long *prev_id, sd_err *err);

/*
 * Evaluate the rule for ledger_id and store the result in ledger.repeat_of.
 * Called inside the transaction that sets or changes the entry's fault
 * category (the proposal): the category is known only from then on.
 */
int history_repeat_mark(store *st, long long ledger_id, sd_err *err);

#endif
