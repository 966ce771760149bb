/*
 * stocktake.h — the stocktake (盘点): a document of its own that snapshots
 * every active part (expected = on hand, the journal position), takes the
 * counted quantities (typed or imported from CSV), lists the differences and
 * posts them as 'count' movements in one transaction.
 *
 * Movements made while a count is open are kept: the posted difference is
 * counted - expected, so a receipt after the snapshot stays on hand.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_STOCKTAKE_H
#define SERVDESK_STOCKTAKE_H

#include <stdbool.h>
#include <stdio.h>
#include "common.h"
#include "enc.h"
#include "doc.h"
#include "store.h"

/* One line of a stocktake as listed. */
typedef struct sd_stocktake_line {
	const char *part_no, *name, *spec, *unit, *location;   /* valid during the call */
	long expected;
	bool counted_set;        /* a count was recorded */
	long counted;
	long moved;              /* journal sum since the snapshot */
	long diff;               /* counted - expected (0 when not counted) */
} sd_stocktake_line;

/* A stocktake's heading. */
typedef struct sd_stocktake {
	long long id;
	char started_at[17];
	bool blind;
	bool posted;
} sd_stocktake;

/*
 * Start a stocktake (blind: the sheet shows no expected figures): refused
 * (SD_DATAERR) while another is open; snapshots every active part. *id set.
 */
int stocktake_start(store *st, bool blind, long long *id, sd_err *err);

/* The newest stocktake into *out; SD_DATAERR "no stocktake" if none. id 0: newest. */
int stocktake_get(store *st, long long id, sd_stocktake *out, sd_err *err);

/* Record or correct the counted quantity (>= 0) of part_no; refused after posting. */
int stocktake_count(store *st, long long id, const char *part_no, long counted, sd_err *err);

/*
 * Counts from CSV (columns part_no/备件编号, counted/实盘数量), UTF-8 or
 * GB18030, all or nothing; errors name file, line and field. *count = rows.
 */
int stocktake_import_counts(store *st, long long id, const char *path, sd_encoding enc,
                            long *count, sd_err *err);

/* Calls fn for each line in part-number order (differences_only: counted, diff != 0). */
int stocktake_lines(store *st, long long id, bool differences_only,
                    int (*fn)(const sd_stocktake_line *l, void *arg), void *arg, sd_err *err);

/*
 * Post: in one transaction a 'count' movement (qty = counted - expected, at
 * the current average cost) for every counted line with a difference, then
 * the stocktake marked posted and an audit row. Refused, nothing written, if
 * any part would go below zero or the stocktake is already posted.
 */
int stocktake_post(store *st, long long id, sd_err *err);

/*
 * The count sheet (盘点表) as a document (doc.h) for any renderer: a row per
 * line with part, name, spec, location, unit, the expected quantity (none
 * on a blind sheet), the count recorded so far (for machines) and a blank
 * to write the count in (for people). *out is doc_free'd by the caller.
 */
#define STOCKTAKE_SHEET_LINES 60   /* lines a page of the printed sheet */
int stocktake_sheet_doc(store *st, long long id, sd_doc **out, sd_err *err);

#endif
