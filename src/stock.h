/*
 * stock.h — the spare-parts store (备品备件库): the parts master and the
 * movement journal.
 *
 * Every change of stock is a row of an append-only journal (stock_move):
 * receipt, issue to a ledger entry, return from a ledger entry, adjustment
 * (reason required). On hand is the sum of the journal; the part row keeps
 * it (and the moving-average cost) for speed, changed in the same
 * transaction as the journal row, and stock_check finds any part whose stored
 * balance differs from its journal. Stock never goes negative: a movement
 * that would take it below zero is refused with the quantity available and
 * nothing is written — also when several people move the same part at the
 * same moment (each movement is one BEGIN IMMEDIATE transaction that reads
 * the balance it changes).
 *
 * Quantities are integers in the part's unit; money is integer fen. The
 * moving average: a receipt of q at cost c onto h at average a gives
 * (h*a + q*c) / (h + q), rounded half up to the fen; issues carry the
 * average of the moment; a return comes back at the cost its issue carried
 * (the latest issue of that part to that entry) and re-averages like a
 * receipt; adjustments carry the average and leave it unchanged.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_STOCK_H
#define SERVDESK_STOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "common.h"
#include "enc.h"
#include "intake.h"
#include "store.h"

enum sd_move_kind { MOVE_RECEIPT, MOVE_ISSUE, MOVE_RETURN, MOVE_ADJUST, MOVE_COUNT, MOVE_KIND_COUNT };

const char *stock_move_code(int kind);    /* "receipt", "issue", "return", "adjust", "count" */
const char *stock_move_name(int kind);    /* translated: 入库, 领用, 退回, 调整, 盘点差异 */

typedef struct sd_part {
	long long id;
	char *part_no;           /* required, unique */
	char *name;              /* required */
	char *spec;
	char *unit;              /* default 个 */
	char *brand;
	char *location;
	int64_t avg_cost_fen;    /* moving average (read only: set by movements) */
	long on_hand;            /* read only: the journal's sum */
	long on_order;           /* ordered, not yet received */
	long reorder_point;      /* low when on hand <= this */
	long reorder_qty;        /* the usual order quantity */
	bool active;
	int version;             /* as read; 0 = no check when saving */
} sd_part;

void stock_part_free(sd_part *p);

/*
 * Add or update (by part number) a part's master data: name, spec, unit,
 * brand, location, reorder point and quantity, active. On hand, on order and
 * the average cost are not set this way. A new part may be given an opening
 * unit cost (avg_cost_fen) which its first receipt averages with. With
 * p->version > 0 a part changed meanwhile is refused naming who changed it.
 */
int stock_part_put(store *st, const sd_part *p, sd_err *err);
int stock_part_get(store *st, const char *part_no, sd_part *out, sd_err *err);

/* One movement as listed. */
typedef struct sd_move {
	long long id;
	char at[17];
	const char *who;
	int kind;
	long qty;                /* signed: + in, - out */
	int64_t cost_fen;        /* unit cost carried */
	const char *regno;       /* the ledger entry's register number, or NULL */
	const char *reason;
	long balance;            /* on hand after this movement */
} sd_move;

/*
 * The movements. Each is one transaction (journal row, part row, audit row)
 * and fills *move_id (if not NULL). at is now.
 * receive: qty > 0 at unit cost cost_fen (< 0: the current average); clears
 *   on_order by up to qty.
 * issue: qty > 0 to the ledger entry regno (required; not closed or
 *   unresolvable); refused with "only N available" (SD_DATAERR, *available
 *   set if not NULL) when qty > on hand. The issue also adds a parts charge
 *   line to the entry (ledger_charge: qty x cost, the warranty deciding what
 *   the customer pays), in the same transaction.
 * return_from: qty > 0 back from the ledger entry regno; refused beyond what
 *   the entry holds (issued minus returned); a negative parts charge line
 *   (credit) follows it.
 * adjust: qty != 0 signed, reason required; refused below zero.
 */
int stock_receive(store *st, const char *part_no, long qty, int64_t cost_fen, const char *note,
                  long long *move_id, sd_err *err);
int stock_issue(store *st, const char *part_no, long qty, const char *regno, const char *reason,
                long *available, long long *move_id, sd_err *err);
/*
 * An issue to the factory repair order rmno (repair.h): an issue to the
 * order's ledger entry, as stock_issue, whose movement names the order.
 * Refused unless the order is received or in repair.
 */
int stock_issue_repair(store *st, const char *part_no, long qty, const char *rmno, const char *reason,
                       long *available, long long *move_id, sd_err *err);
/*
 * The movements of a return or exchange (returns.h), each naming it: the
 * replacement of an exchange issued to the ledger entry regno (as
 * stock_issue), and the returned product received back into the store at
 * unit cost cost_fen (< 0: the current average; as stock_receive).
 */
int stock_issue_exchange(store *st, const char *part_no, long qty, const char *regno, long long return_id,
                         const char *reason, long *available, long long *move_id, sd_err *err);
int stock_receive_returned(store *st, const char *part_no, long qty, int64_t cost_fen, long long return_id,
                           const char *note, long long *move_id, sd_err *err);
int stock_return_from(store *st, const char *part_no, long qty, const char *regno,
                      const char *reason, long long *move_id, sd_err *err);
int stock_adjust(store *st, const char *part_no, long qty, const char *reason,
                 long long *move_id, sd_err *err);

/* Record an order placed (qty > 0 adds to on order; < 0 cancels, not below 0). */
int stock_order(store *st, const char *part_no, long qty, sd_err *err);

/*
 * A part's history, newest first, at most limit movements older than
 * before_id (0: from the newest); the index makes this independent of the
 * journal's size. Returns the count in *n.
 */
int stock_history(store *st, const char *part_no, long long before_id, int limit,
                  int (*fn)(const sd_move *m, void *arg), void *arg, int *n, sd_err *err);

/* ---------------------------------------------------------------- lists */

typedef struct sd_stock_query {
	const char *search;      /* substring of part number, name or spec; NULL none */
	bool low_only;           /* on hand at or below the reorder point (active parts) */
	bool include_inactive;
} sd_stock_query;

typedef struct sd_stock_row {
	long long id;
	char *part_no, *name, *spec, *unit, *location;
	long on_hand, on_order, reorder_point, reorder_qty;
	int64_t avg_cost_fen;
	long to_order;           /* suggested order: see stock_to_order */
	bool low, active;
	char key_text[64];       /* paging key (opaque) */
} sd_stock_row;

void stock_row_free(sd_stock_row *r);

/*
 * The quantity to order for a part: enough to bring on hand plus on order
 * back above the reorder point by the reorder quantity, net of what is
 * already on order, so the same shortage is never suggested twice:
 * max(0, reorder_point + reorder_qty - on_hand - on_order) when on hand <=
 * reorder point, else 0.
 */
long stock_to_order(long on_hand, long on_order, long reorder_point, long reorder_qty);

/* A page of parts in part-number order (keyset paging, as intake_page). */
int stock_page(store *st, const sd_stock_query *q, enum sd_page_from from,
               const sd_stock_row *anchor, int limit, sd_stock_row *rows, int *n, sd_err *err);

/*
 * Parts whose stored on hand differs from the sum of their journal: calls fn
 * for each (stored, journal); returns the number found in *count.
 */
int stock_check(store *st, int (*fn)(const char *part_no, long stored, long journal, void *arg),
                void *arg, long *count, sd_err *err);

/*
 * CSV of the parts master (import: add or update by part number; export: all
 * parts with on hand and average cost), as for requests: UTF-8 or GB18030,
 * headers in English or Chinese (备件编号/料号, 名称/备件名称, 规格/规格型号,
 * 单位, 品牌, 库位/存放位置, 单价/单位成本 (yuan), 安全库存/订货点, 订货量,
 * 在用/启用), one transaction, errors naming file, line and field. An
 * imported unit cost is an opening cost for new parts only. export stock
 * writes on hand, on order, average cost, stock value and the suggested order.
 */
int stock_import_parts(store *st, const char *path, sd_encoding enc, long *count, sd_err *err);
int stock_export_parts(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err);
int stock_export_stock(store *st, FILE *out, sd_encoding enc, bool low_only, long *count, sd_err *err);

#endif
