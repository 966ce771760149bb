/*
 * ui-contract.c — the desk's service contracts (维保合约), opened from the
 * Customers tab: the selected customer's contracts, a form to add one, and
 * the warranties and contracts ending within 90 days. The rules live in
 * contract.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "contract.h"
#include "datetime.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-contract.h"
#include "ui-form.h"
#include "ui-pane.h"
#include "ui-textview.h"

/* ---------------------------------------------------------------- the list */

static int
contract_lines(const sd_contract *k, void *arg)
{
	buf *b = arg;
	sd_date today = store_today();

	buf_printf(b, "%s %lld  %s..%s", _("Contract"), k->id, k->from_on, contract_last_day(k));
	if (k->ended_on[0])
		buf_printf(b, "%s%s%s", text_paren_open(), _("ended early"), text_paren_close());
	else if (contract_runs_on(k, today))
		buf_printf(b, "%s%s%s", text_paren_open(), C_("contract", "running"), text_paren_close());
	buf_putc(b, '\n');
	buf_printf(b, "  %s: ", _("Covers"));
	contract_covers_text(b, k->covers);
	buf_printf(b, "\n  %s: %s\n", C_("contract", "Visits"), contract_visits_name(k->visits));
	/* TRANSLATORS: free repairs granted, used, left. */
	buf_printf(b, "  %s: ", _("Free repairs"));
	buf_printf(b, _("%d granted, %d used, %d left"), k->free_repairs, k->repairs_used,
	           k->free_repairs > k->repairs_used ? k->free_repairs - k->repairs_used : 0);
	buf_printf(b, "\n  %s: ", _("Equipment"));
	if (k->nserials == 0)
		buf_puts(b, _("all the customer's equipment"));
	for (size_t i = 0; i < k->nserials; i++)
		buf_printf(b, "%s%s", i ? _(", ") : "", k->serials[i]);
	buf_putc(b, '\n');
	if (contract_levels_any(&k->levels, 0)) {
		buf_printf(b, "  %s: ", _("Service levels"));
		contract_levels_text(b, &k->levels);
		buf_putc(b, '\n');
	}
	if (k->end_reason)
		buf_printf(b, "  %s: %s\n", _("Reason"), k->end_reason);
	if (k->note)
		buf_printf(b, "  %s: %s\n", _("Note"), k->note);
	buf_putc(b, '\n');
	return 0;
}

void
ui_contract_list(ui_ctx *c, const char *customer)
{
	char title[512];
	buf b = { 0 };
	sd_err err;

	if (!ui_permitted(c, ACT_CONTRACT_READ))
		return;
	sd_err_clear(&err);
	if (contract_each(c->st, customer, SD_DATE_NONE, contract_lines, &b, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		buf_free(&b);
		return;
	}
	if (b.len == 0)
		buf_puts(&b, _("No service contracts."));
	/* the text view sanitises the text; the title is ours to clean */
	char *who = text_sanitize(customer, false);
	snprintf(title, sizeof title, _("Service contracts of %s"), who);
	free(who);
	ui_textview_run(c, title, buf_str(&b));
	buf_free(&b);
}

/* ---------------------------------------------------------------- the form */

struct add_job {
	ui_ctx *c;
	char *customer;
	long long id;
};

static int
save_contract(ui_form *form, void *arg)
{
	struct add_job *job = arg;
	sd_contract k;
	sd_err err;
	char *t, *p, *w;
	int rc;

	memset(&k, 0, sizeof k);
	k.customer = job->customer;
	t = ui_form_text(form, "from");
	snprintf(k.from_on, sizeof k.from_on, "%s", t);
	free(t);
	t = ui_form_text(form, "to");
	snprintf(k.to_on, sizeof k.to_on, "%s", t);
	free(t);
	k.visits = ui_form_choice(form, "visits");
	k.covers[COST_LABOUR] = ui_form_choice(form, "labour") == 1;
	k.covers[COST_TRAVEL] = ui_form_choice(form, "travel") == 1;
	k.covers[COST_LODGING] = ui_form_choice(form, "lodging") == 1;
	k.covers[COST_PARTS] = ui_form_choice(form, "parts") == 1;
	t = ui_form_text(form, "free_repairs");
	if (*t) {
		char *end;
		long n = strtol(t, &end, 10);
		if (*end || n < 0 || n > 100) {
			char msg[256];
			snprintf(msg, sizeof msg, _("%s: %s"), _("free repairs"), _("must be a number from 0 to 100"));
			free(t);
			return ui_form_fail(form, "free_repairs", msg);
		}
		k.free_repairs = (int)n;
	}
	free(t);
	/* serials separated by spaces or commas; none: all the customer's equipment */
	t = ui_form_text(form, "equipment");
	p = t;
	while ((w = strsep(&p, " ,，、")) != NULL)
		if (*w) {
			k.serials = xrealloc(k.serials, (k.nserials + 1) * sizeof *k.serials);
			k.serials[k.nserials++] = xstrdup(w);
		}
	free(t);
	/* a contract's own service levels: per priority, "onsite:4h,clear:1wd" as contract add --policy */
	for (int prio = 1; prio <= CONTRACT_PRIORITIES; prio++) {
		char field[16];
		buf spec = { 0 };

		snprintf(field, sizeof field, "levels_p%d", prio);
		t = ui_form_text(form, field);
		if (*t) {
			buf_printf(&spec, "P%d=%s", prio, t);
			if (contract_levels_parse(buf_str(&spec), &k.levels, &err) != SD_OK) {
				free(t);
				buf_free(&spec);
				for (size_t i = 0; i < k.nserials; i++)
					free(k.serials[i]);
				free(k.serials);
				return ui_form_fail(form, field, err.msg);
			}
		}
		free(t);
		buf_free(&spec);
	}
	t = ui_form_text(form, "note");
	k.note = *t ? t : NULL;
	if (!k.note)
		free(t);
	sd_err_clear(&err);
	rc = contract_add(job->c->st, &k, &job->id, &err);
	for (size_t i = 0; i < k.nserials; i++)
		free(k.serials[i]);
	free(k.serials);
	free(k.note);
	if (rc == SD_OK)
		return SD_OK;
	/* put the cursor on the field the message names */
	static const struct {
		const char *code, *label;
	} fields[] = {
		{ "from", N_("from") }, { "to", N_("to") }, { "equipment", N_("equipment") },
		{ "free_repairs", N_("free repairs") }, { "note", N_("note") },
	};
	const char *code = NULL;
	for (size_t i = 0; i < SD_ARRAY_LEN(fields) && !code; i++) {
		size_t n = strlen(_(fields[i].label));
		if (strncmp(err.msg, _(fields[i].label), n) == 0 && err.msg[n] == ':')
			code = fields[i].code;
	}
	return ui_form_fail(form, code, err.msg);
}

void
ui_contract_add(ui_ctx *c, const char *customer)
{
	struct add_job job = { c, NULL, 0 };
	char title[512], from[11], to[11];
	ui_form form;
	sd_date today = store_today();
	const char *visits[CV_COUNT], *yesno[2] = { _("no"), _("yes") };

	if (!ui_permitted(c, ACT_CONTRACT_CHANGE))
		return;
	for (int i = 0; i < CV_COUNT; i++)
		visits[i] = contract_visits_name(i);
	job.customer = xstrdup(customer);
	/* a year from today, by default */
	date_format(today, from);
	date_format(date_add_months(today, 12) - 1, to);
	char *who = text_sanitize(customer, false);
	snprintf(title, sizeof title, _("New service contract for %s"), who);
	free(who);
	ui_form_init(&form, title);
	form.save = save_contract;
	form.arg = &job;
	ui_form_add_text(&form, "from", _("From"), from);
	ui_form_add_text(&form, "to", _("To"), to);
	ui_form_add_text(&form, "equipment", _("Equipment (serials; empty: all)"), "");
	ui_form_add_choice(&form, "visits", C_("contract", "Visits"), visits, CV_COUNT, CV_NONE);
	ui_form_add_choice(&form, "labour", _("Covers labour"), yesno, 2, 0);
	ui_form_add_choice(&form, "travel", _("Covers travel"), yesno, 2, 0);
	ui_form_add_choice(&form, "lodging", _("Covers lodging"), yesno, 2, 0);
	ui_form_add_choice(&form, "parts", _("Covers parts"), yesno, 2, 0);
	ui_form_add_text(&form, "free_repairs", _("Free repairs"), "0");
	for (int p = 1; p <= CONTRACT_PRIORITIES; p++) {
		char field[16], label[128];
		snprintf(field, sizeof field, "levels_p%d", p);
		/* TRANSLATORS: priority; the field takes e.g. onsite:4h,clear:1wd. */
		snprintf(label, sizeof label, _("P%d levels (e.g. onsite:4h)"), p);
		ui_form_add_text(&form, field, label, "");
	}
	ui_form_add_area(&form, "note", _("Note"), "");
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Added contract %lld."), job.id);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	free(job.customer);
}

/* ---------------------------------------------------------------- ending soon */

static int
expiring_line(const sd_expiring *x, void *arg)
{
	buf *b = arg;
	char ends[11];

	date_format(x->ends, ends);
	buf_printf(b, "%s  %s  ", ends, x->customer);
	if (x->kind == EXP_WARRANTY)
		buf_printf(b, "%s %s\n", _("warranty ends"), x->serial);
	else
		buf_printf(b, "%s %lld\n", x->ended_early ? _("contract ended early") : _("contract ends"),
		           x->contract_id);
	return 0;
}

void
ui_contract_expiring(ui_ctx *c)
{
	char title[256], day[11];
	sd_date today = store_today();
	buf b = { 0 };
	sd_err err;

	if (!ui_permitted(c, ACT_CONTRACT_READ))
		return;
	sd_err_clear(&err);
	if (contract_expiring(c->st, today, 90, expiring_line, &b, NULL, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		buf_free(&b);
		return;
	}
	if (b.len == 0)
		buf_puts(&b, _("Nothing ends within 90 days."));
	date_format(today + 90, day);
	snprintf(title, sizeof title, _("Warranties and contracts ending by %s"), day);
	ui_textview_run(c, title, buf_str(&b));
	buf_free(&b);
}
