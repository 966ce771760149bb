/*
 * cli_list.h — the output of the command line's list commands: a table, CSV
 * or a JSON array, gathered row by row, and one runner that pages through a
 * register (keyset paging) for them.
 *
 * A list command zeroes a cli_list, sets fmt, makes its table (its own heads
 * and caps) and calls cli_list_begin; then it adds rows, through its row
 * function called by cli_list_pages or by a register's *_each function; and
 * it ends with cli_list_end, which prints and reports. A table is printed at
 * the end (its column widths depend on every row); CSV and JSON are written
 * as they come where the command flushes. No curses.
 */
#ifndef SERVDESK_CLI_LIST_H
#define SERVDESK_CLI_LIST_H

#include <stddef.h>
#include "buf.h"
#include "json.h"
#include "cli.h"
#include "intake.h"   /* enum sd_page_from */
#include "out.h"

/* Rows fetched per page by cli_list_pages. */
#define CLI_LIST_PAGE 200

/* A list being written by a command. */
typedef struct cli_list {
	int fmt;             /* FMT_TABLE, FMT_CSV or FMT_JSON */
	out_table *table;    /* FMT_TABLE: the rows, printed by cli_list_end; NULL:
	                        the command writes its table as text into b */
	buf b;               /* CSV, JSON or table text not yet written */
	sd_json j;           /* FMT_JSON: the array of rows being written into b */
	long n;              /* rows so far (the command's row function counts them) */
	int wrc;             /* the first failed write (SD_OK: none so far) */
	void *arg;           /* the command's own data for its row function */
} cli_list;

/*
 * Begin the list in l->fmt: a table keeps t (made by the caller; NULL when
 * the caller writes its table as text into l->b); CSV writes the head record
 * csv_heads[0..ncsv) into l->b; JSON opens the array.
 */
void cli_list_begin(cli_list *l, out_table *t, const char *const *csv_heads, size_t ncsv);

/*
 * Write what l->b holds to standard output (JSON as raw UTF-8 bytes, CSV and
 * table text in the locale's charset) and empty it. The first failure stays
 * in l->wrc; returns l->wrc.
 */
int cli_list_flush(cli_list *l);

/* How cli_list_pages reads one register. */
struct cli_pager {
	size_t row_size;     /* the size of one row */
	/*
	 * Read up to max rows in list order into rows (*n of them): the first
	 * ones (PAGE_FIRST, anchor NULL) or those after anchor (PAGE_AFTER).
	 * Returns a status with c->err filled.
	 */
	int (*page)(cli *c, const void *query, enum sd_page_from from, const void *anchor,
	            int max, void *rows, int *n);
	/* Add the row to the list (and count it in l->n). */
	void (*row)(cli_list *l, const void *row);
	/* Free what a row holds (not the row itself). */
	void (*free_row)(void *row);
};

/*
 * Page through the register p reads with query, CLI_LIST_PAGE rows at a time:
 * every row goes to p->row, and what CSV or JSON has gathered is written
 * after each page (cli_list_flush), so that a long list never piles up in
 * memory. Only the last row of a page is kept, as the anchor of the next.
 * Stops after the last page, at a page that fails or after a failed write.
 * Returns SD_OK (a failed write is in l->wrc) or the status of the failed
 * page (c->err filled).
 */
int cli_list_pages(cli *c, cli_list *l, const struct cli_pager *p, const void *query);

/*
 * End the list. rc is the status of reading the rows: when it failed and no
 * write failed first, frees the list, prints c->err and returns its status.
 * Otherwise prints the table or closes the JSON array, writes what is left,
 * frees the list and finishes standard output (cli_finish_output with the
 * first failed write): returns SD_OK or the exit status after an error line.
 */
int cli_list_end(cli *c, cli_list *l, int rc);

#endif
