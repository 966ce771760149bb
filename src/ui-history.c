/*
 * ui-history.c — the history of the selected record on the desk: the audit
 * rows of the record (and of the tables that record its life under the same
 * key) in a text view, newest first, every value sanitised.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "buf.h"
#include "common.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-list.h"
#include "ui-textview.h"

/* changes shown at most */
#define HISTORY_MAX 500

bool
ui_history_selected(void *priv, const char *table, const char **out_table, buf *key)
{
	ui_list *l = priv;     /* the pane's state begins with its list */
	const void *row = ui_list_selected(l);
	char scratch[64];
	const char *id;

	if (!row)
		return false;
	id = l->ops->ident(row, scratch, sizeof scratch);
	if (!id || !*id)
		return false;
	*out_table = table;
	buf_reset(key);
	buf_puts(key, id);
	return true;
}

static int
history_row(const sd_audit_row *r, void *arg)
{
	buf *b = arg;
	char *who = text_sanitize(r->who, false);
	char *changes = text_sanitize(r->changes, false);

	buf_printf(b, "%s  %s  %s %s", r->at, who, r->table, r->action);
	if (strcmp(r->table, "request") != 0 && strcmp(r->table, "part") != 0 &&
	    strcmp(r->table, "ledger") != 0) {
		char *rec = text_sanitize(r->record, false);
		buf_printf(b, " %s", rec);
		free(rec);
	}
	buf_putc(b, '\n');
	if (*changes)
		buf_printf(b, "    %s\n", changes);
	free(who);
	free(changes);
	return 0;
}

void
ui_history_run(ui_ctx *c, const char *table, const char *key)
{
	buf b = { 0 }, title = { 0 };
	char *clean = text_sanitize(key, false);
	sd_err err;

	sd_err_clear(&err);
	if (admin_history(c->st, table, key, HISTORY_MAX, history_row, &b, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		goto out;
	}
	if (b.len == 0)
		buf_printf(&b, "%s\n", _("(no changes recorded)"));
	buf_printf(&title, _("History of %s (newest first)"), clean);
	ui_textview_run(c, buf_str(&title), buf_str(&b));
	c->redraw_all = true;
out:
	free(clean);
	buf_free(&b);
	buf_free(&title);
}
