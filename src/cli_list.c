/*
 * cli_list.c — the output of list commands and the paging runner (see
 * cli_list.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "common.h"
#include "csv.h"
#include "out.h"

void
cli_list_begin(cli_list *l, out_table *t, const char *const *csv_heads, size_t ncsv)
{
	l->wrc = SD_OK;
	if (l->fmt == FMT_TABLE)
		l->table = t;
	else if (l->fmt == FMT_CSV)
		csv_put_record(&l->b, csv_heads, ncsv);
	else {
		json_start(&l->j, &l->b);
		json_arr_lines(&l->j);
	}
}

int
cli_list_flush(cli_list *l)
{
	int rc;

	if (l->b.len == 0)
		return l->wrc;
	if (l->fmt == FMT_JSON)
		rc = out_raw(stdout, buf_str(&l->b), l->b.len);
	else
		rc = out_write(stdout, buf_str(&l->b), l->b.len);
	buf_reset(&l->b);
	if (l->wrc == SD_OK)
		l->wrc = rc;
	return l->wrc;
}

int
cli_list_pages(cli *c, cli_list *l, const struct cli_pager *p, const void *query)
{
	unsigned char *rows = xcalloc(CLI_LIST_PAGE, p->row_size);
	unsigned char *anchor = xcalloc(1, p->row_size);
	enum sd_page_from from = PAGE_FIRST;
	bool have_anchor = false;
	int rc, n;

	for (;;) {
		n = 0;
		rc = p->page(c, query, from, have_anchor ? anchor : NULL, CLI_LIST_PAGE, rows, &n);
		if (rc != SD_OK)
			break;
		for (int i = 0; i < n; i++)
			p->row(l, rows + (size_t)i * p->row_size);
		if (l->table == NULL)
			cli_list_flush(l);
		if (n > 0) {
			if (have_anchor)
				p->free_row(anchor);
			memcpy(anchor, rows + (size_t)(n - 1) * p->row_size, p->row_size);
			have_anchor = true;
			for (int i = 0; i < n - 1; i++)
				p->free_row(rows + (size_t)i * p->row_size);
		}
		if (n < CLI_LIST_PAGE || l->wrc != SD_OK)
			break;
		from = PAGE_AFTER;
	}
	if (have_anchor)
		p->free_row(anchor);
	free(anchor);
	free(rows);
	return rc;
}

int
cli_list_end(cli *c, cli_list *l, int rc)
{
	if (rc != SD_OK && l->wrc == SD_OK) {
		out_table_free(l->table);
		l->table = NULL;
		buf_free(&l->b);
		return cli_fail(c);
	}
	rc = SD_OK;
	if (l->table) {
		rc = out_table_print(l->table, stdout);
		out_table_free(l->table);
		l->table = NULL;
	} else {
		if (l->fmt == FMT_JSON) {
			json_end(&l->j);
			buf_putc(&l->b, '\n');
		}
		cli_list_flush(l);
	}
	buf_free(&l->b);
	return cli_finish_output(c, l->wrc != SD_OK ? l->wrc : rc);
}
