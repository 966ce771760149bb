/*
 * ui-history.c — the history of the selected record on the desk: the audit
 * rows of the record (and of the tables that record its life under the same
 * key) in a text view, newest first, in words (audit_words.h), every value
 * sanitised.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit_words.h"
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

struct history {
	store *st;
	buf b;
};

static int
history_row(const sd_audit_row *r, void *arg)
{
	struct history *h = arg;
	buf words = { 0 };
	char *who, *what, *changes;

	who = text_sanitize(r->who, false);
	audit_words_action(r->table, r->action, &words);
	what = text_sanitize(buf_str(&words), false);
	buf_printf(&h->b, "%s  %s  %s", r->at, who, what);
	if (strcmp(r->table, "request") != 0 && strcmp(r->table, "part") != 0 &&
	    strcmp(r->table, "ledger") != 0) {
		char *rec = text_sanitize(r->record, false);
		buf_printf(&h->b, " %s", rec);
		free(rec);
	}
	buf_putc(&h->b, '\n');
	buf_reset(&words);
	if (audit_words_changes(h->st, r->table, r->old_json, r->new_json, &words, NULL) != SD_OK) {
		buf_reset(&words);
		buf_puts(&words, r->changes);
	}
	changes = text_sanitize(buf_str(&words), false);
	if (*changes)
		buf_printf(&h->b, "    %s\n", changes);
	free(who);
	free(what);
	free(changes);
	buf_free(&words);
	return 0;
}

void
ui_history_run(ui_ctx *c, const char *table, const char *key)
{
	struct history h = { .st = c->st };
	buf title = { 0 };
	char *clean = text_sanitize(key, false);
	sd_err err;

	sd_err_clear(&err);
	if (admin_history(c->st, table, key, HISTORY_MAX, history_row, &h, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		goto out;
	}
	if (h.b.len == 0)
		buf_printf(&h.b, "%s\n", _("(no changes recorded)"));
	buf_printf(&title, _("History of %s (newest first)"), clean);
	ui_textview_run(c, buf_str(&title), buf_str(&h.b));
	c->redraw_all = true;
out:
	free(clean);
	buf_free(&h.b);
	buf_free(&title);
}
