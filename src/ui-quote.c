/*
 * ui-quote.c — the desk's quotations (报价单): from the Ledger tab's Q, the
 * selected entry's quotations are shown (the quotation document, as it
 * prints), a new one or a revision is made from planned lines, the draft is
 * sent and the customer's answer recorded. The rules live in quote.c.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "doc.h"
#include "money.h"
#include "quote.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-form.h"
#include "ui-pane.h"
#include "ui-quote.h"
#include "ui-textview.h"

#define VIEW_MAX 100
#define FORM_LINES 8

/* The quotations of regno, newest last, each as its document in text. */
static void
show_all(ui_ctx *c, const char *regno)
{
	sd_quote_query q = { .regno = regno, .state = -1 };
	sd_quote *rows = xcalloc(VIEW_MAX, sizeof *rows);
	doc_opts o = { .format = DOCF_TEXT, .width = 80 };
	char title[256];
	buf b = { 0 };
	sd_err err;
	int n = 0, rc;

	sd_err_clear(&err);
	rc = quote_page(c->st, &q, PAGE_LAST, NULL, VIEW_MAX, rows, &n, &err);
	for (int i = n - 1; rc == SD_OK && i >= 0; i--) {
		sd_doc *d = NULL;

		if ((rc = quote_form(c->st, rows[i].qno, &d, &err)) == SD_OK)
			rc = doc_render(d, &o, &b, &err);
		doc_free(d);
		buf_puts(&b, "\n");
	}
	for (int i = 0; i < n; i++)
		quote_free(&rows[i]);
	free(rows);
	if (rc != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else {
		snprintf(title, sizeof title, _("Quotations of %s"), regno);
		ui_textview_run(c, title, buf_str(&b));
	}
	buf_free(&b);
}

/* ---------------------------------------------------------------- making */

struct make_job {
	ui_ctx *c;
	const char *regno;
	char qno[24];
};

static int
save_make(ui_form *form, void *arg)
{
	struct make_job *job = arg;
	sd_quote_line_in lines[FORM_LINES];
	char *texts[FORM_LINES] = { NULL };
	char *valid = ui_form_text(form, "valid"), *rtime = ui_form_text(form, "repair_time");
	char *rdays = ui_form_text(form, "repair_days"), *note = ui_form_text(form, "note");
	sd_quote_new n = { .regno = job->regno, .lines = lines };
	sd_err err;
	int rc = SD_OK;

	sd_err_clear(&err);
	for (int i = 0; i < FORM_LINES && rc == SD_OK; i++) {
		char code[16];

		snprintf(code, sizeof code, "line%d", i + 1);
		texts[i] = ui_form_text(form, code);
		if (!*texts[i])
			continue;
		if (quote_line_parse(texts[i], &lines[n.nlines], &err) != SD_OK)
			rc = ui_form_fail(form, code, err.msg);
		else
			n.nlines++;
	}
	if (rc == SD_OK && n.nlines == 0)
		rc = ui_form_fail(form, "line1", _("line: at least one line is required"));
	if (rc == SD_OK && *valid && ((n.valid_days = atoi(valid)) < 1 || n.valid_days > 365))
		rc = ui_form_fail(form, "valid", _("valid days: must be 1 to 365"));
	if (rc == SD_OK && *rdays && ((n.repair_days = atoi(rdays)) < 1 || n.repair_days > 365))
		rc = ui_form_fail(form, "repair_days", _("planned repair length: must be 1 to 365 days"));
	if (rc == SD_OK) {
		n.repair_time = *rtime ? rtime : NULL;
		n.note = *note ? note : NULL;
		if (quote_make(job->c->st, &n, job->qno, &err) != SD_OK)
			rc = ui_form_fail(form, NULL, err.msg);
	}
	for (int i = 0; i < FORM_LINES; i++)
		free(texts[i]);
	free(valid);
	free(rtime);
	free(rdays);
	free(note);
	return rc;
}

static void
do_make(ui_ctx *c, const char *regno)
{
	struct make_job job = { c, regno, "" };
	char title[256], valid[16];
	ui_form form;

	if (!ui_permitted(c, ACT_QUOTE_MAKE))
		return;
	snprintf(valid, sizeof valid, "%ld", store_setting_int(c->st, "quote_valid_days", QUOTE_VALID_DAYS));
	snprintf(title, sizeof title, _("Quotation for %s"), regno);
	ui_form_init(&form, title);
	form.save = save_make;
	form.arg = &job;
	for (int i = 0; i < FORM_LINES; i++) {
		char code[16], label[64];

		snprintf(code, sizeof code, "line%d", i + 1);
		/* TRANSLATORS: a planned line of a quotation, numbered. */
		snprintf(label, sizeof label, _("Line %d"), i + 1);
		ui_form_add_text(&form, code, label, "");
	}
	ui_form_add_text(&form, "valid", _("Valid days"), valid);
	ui_form_add_text(&form, "repair_time", _("Planned repair time"), "");
	ui_form_add_text(&form, "repair_days", _("Planned repair length (days)"), "");
	ui_form_add_area(&form, "note", _("Remarks"), "");
	ui_message(c, false, "%s",
	           _("Lines: labour:HOURS:RATE, travel:AMOUNT, lodging:NIGHTS:RATE, parts:PART_NO:QTY (yuan)"));
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Made quotation %s (a draft)."), job.qno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
}

/* ---------------------------------------------------------------- the answer */

struct answer_job {
	ui_ctx *c;
	const char *qno;
	int version;
};

static int
save_answer(ui_form *form, void *arg)
{
	struct answer_job *job = arg;
	char *person = ui_form_text(form, "person"), *on = ui_form_text(form, "on");
	char *remark = ui_form_text(form, "remark");
	sd_quote_answer a = { .accepted = ui_form_choice(form, "answer") == 0, .how = ui_form_choice(form, "how") };
	sd_err err;
	int rc = SD_OK;

	sd_err_clear(&err);
	a.person = person;
	a.on = on;
	a.remark = *remark ? remark : NULL;
	if (!*person)
		rc = ui_form_fail(form, "person", _("answered by: required (who answered for the customer)"));
	else if (quote_answer(job->c->st, job->qno, &a, job->version, &err) != SD_OK)
		rc = ui_form_fail(form, NULL, err.msg);
	free(person);
	free(on);
	free(remark);
	return rc;
}

static void
do_answer(ui_ctx *c, const char *qno)
{
	struct answer_job job = { c, qno, -1 };
	const char *answers[2], *hows[QH_COUNT];
	char title[256], today[11];
	sd_quote q;
	ui_form form;
	sd_err err;

	if (!ui_permitted(c, ACT_QUOTE_ANSWER))
		return;
	sd_err_clear(&err);
	if (quote_get(c->st, qno, &q, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return;
	}
	job.version = q.version;
	quote_free(&q);
	answers[0] = quote_state_name(QS_ACCEPTED);
	answers[1] = quote_state_name(QS_REFUSED);
	for (int i = 0; i < QH_COUNT; i++)
		hows[i] = quote_how_name(i);
	date_format(store_today(), today);
	snprintf(title, sizeof title, _("The customer's answer to %s"), qno);
	ui_form_init(&form, title);
	form.save = save_answer;
	form.arg = &job;
	ui_form_add_choice(&form, "answer", _("Answer"), answers, 2, 0);
	ui_form_add_text(&form, "person", _("Answered by"), "");
	ui_form_add_choice(&form, "how", _("How"), hows, QH_COUNT, QH_PHONE);
	ui_form_add_text(&form, "on", _("Date"), today);
	ui_form_add_area(&form, "remark", _("Remarks"), "");
	if (ui_form_run(c, &form))
		ui_message(c, false, _("The customer's answer to %s recorded."), qno);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
}

/* ---------------------------------------------------------------- the menu */

enum { DO_SHOW, DO_MAKE, DO_SEND, DO_ANSWER };

void
ui_quote_entry(ui_ctx *c, const char *regno)
{
	char qno[24], title[256], *items[3];
	int what[3], n = 0, state, k;
	sd_err err;

	if (!ui_permitted(c, ACT_LOOK))
		return;
	sd_err_clear(&err);
	if (quote_latest(c->st, regno, qno, &state, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return;
	}
	{
		buf b = { 0 };

		if (state >= 0) {
			/* TRANSLATORS: quotation number, its state. */
			buf_printf(&b, _("Show the quotations (latest %s, %s)"), qno, quote_state_name(state));
			items[n] = buf_steal(&b);
			what[n++] = DO_SHOW;
		}
		if (state == QS_DRAFT) {
			buf_printf(&b, _("Send %s to the customer today"), qno);
			items[n] = buf_steal(&b);
			what[n++] = DO_SEND;
		} else if (state == QS_SENT) {
			buf_printf(&b, _("Record the customer's answer to %s"), qno);
			items[n] = buf_steal(&b);
			what[n++] = DO_ANSWER;
		} else {
			if (state == QS_REFUSED || state == QS_EXPIRED)
				buf_printf(&b, _("Make a revision of %s"), qno);
			else
				buf_puts(&b, _("Make a new quotation"));
			items[n] = buf_steal(&b);
			what[n++] = DO_MAKE;
		}
	}
	snprintf(title, sizeof title, _("Quotations of %s"), regno);
	k = ui_pick(c, title, items, n);
	for (int i = 0; i < n; i++)
		free(items[i]);
	if (k < 0) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	switch (what[k]) {
	case DO_SHOW:
		show_all(c, regno);
		break;
	case DO_MAKE:
		do_make(c, regno);
		break;
	case DO_SEND:
		if (!ui_permitted(c, ACT_QUOTE_MAKE))
			break;
		if (quote_send(c->st, qno, NULL, -1, &err) != SD_OK)
			ui_message(c, true, "%s", err.msg);
		else
			ui_message(c, false, _("Quotation %s sent."), qno);
		break;
	default:
		do_answer(c, qno);
		break;
	}
}
