/*
 * ui-customer.c — the customers pane (客户设备): a list that pages through
 * the customers by name (only a window of rows around the screen is held)
 * with a mark for key customers, the selected customer in full with its
 * equipment, the warranty of each piece today and its downtime records,
 * incremental search by name, and the actions add/edit customer, add/edit
 * equipment, record downtime and the warranty on a date, explained.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "customer.h"
#include "datetime.h"
#include "staff.h"
#include "text.h"
#include "warranty.h"
#include "history.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-textview.h"
#include "ui-contract.h"
#include "ui-appoint.h"

enum {
	ACT_SEARCH = UI_LIST_ACTIONS, ACT_RELOAD, ACT_ADD, ACT_EDIT, ACT_EQ_ADD, ACT_EQ_EDIT,
	ACT_DOWNTIME, ACT_WARRANTY, ACT_CONTRACTS, ACT_CONTRACT_ADD, ACT_EXPIRING, ACT_EQ_HISTORY, ACT_APPOINT
};

static const ui_keydef customer_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("New customer"), N_("add a customer") },
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"), N_("edit the selected customer") },
	{ ACT_EQ_ADD, { 'n', UI_FK(KEY_F(5)) }, "F5, n", N_("Equip+"),
	  N_("add equipment for the selected customer") },
	{ ACT_EQ_EDIT, { 'm', UI_FK(KEY_F(7)) }, "F7, m", NULL,
	  N_("edit a piece of the selected customer's equipment") },
	{ ACT_DOWNTIME, { 'd', UI_FK(KEY_F(8)) }, "F8, d", N_("Downtime"),
	  N_("record downtime of a piece of equipment (from, to, reason)") },
	{ ACT_WARRANTY, { 'w', 'x' }, "w, x", N_("Warranty"),
	  N_("the warranty of a piece of equipment on a date, explained") },
	{ ACT_EQ_HISTORY, { 'h' }, "h", N_("History"),
	  N_("the service history of a piece of equipment (设备档案), newest first") },
	{ ACT_CONTRACTS, { 'c' }, "c", N_("Contracts"), N_("the service contracts of the selected customer") },
	{ ACT_CONTRACT_ADD, { 'C' }, "C", NULL, N_("add a service contract for the selected customer") },
	{ ACT_EXPIRING, { 'E' }, "E", NULL, N_("warranties and contracts ending within 90 days") },
	{ ACT_APPOINT, { 'A' }, "A", NULL,
	  N_("the engineer appointed to the selected customer and a deputy") },
	{ ACT_SEARCH, { '/' }, "/", N_("Search"), N_("search customer names (Esc clears)") },
	UI_LIST_KEYS(N_("previous customer"), N_("next customer"), N_("first customer"),
	             N_("last customer")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

/* a piece of the selected customer's equipment, with its warranty today */
typedef struct eq_info {
	sd_equipment e;
	warranty_status w;
	bool have_w;
	sd_downtime *dt;
	size_t ndt;
} eq_info;

typedef struct cpane {
	ui_list list;              /* the customers: a window of rows of sd_customer_row */
	char *search;              /* owned; NULL for all */
	/* the selected customer in full, loaded when the selection changes */
	sd_customer det;
	bool have_det;
	eq_info *eq;
	size_t neq;
	char today[11];            /* the date the warranty is shown for */
	const char *yesno[2];      /* choice names: no, yes */
	char *appointed;           /* the appointed engineer and deputy (ui-appoint.h), NULL if none */
} cpane;

/* the pane operations of ui-list.h take the state for its list */
_Static_assert(offsetof(cpane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	cpane *s = owner;

	return customer_page(c->st, s->search, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	customer_row_free(row);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	const sd_customer_row *row = rowp;

	(void)scratch;
	(void)size;
	return row->name ? row->name : "";
}

/* forget the selected row in full (the list's forget callback too) */
static void
drop_detail(void *owner)
{
	cpane *s = owner;

	if (s->have_det)
		customer_free(&s->det);
	s->have_det = false;
	free(s->appointed);
	s->appointed = NULL;
	for (size_t i = 0; i < s->neq; i++) {
		equipment_free(&s->eq[i].e);
		for (size_t k = 0; k < s->eq[i].ndt; k++)
			free(s->eq[i].dt[k].reason);
		free(s->eq[i].dt);
	}
	free(s->eq);
	s->eq = NULL;
	s->neq = 0;
	s->list.dscroll = 0;
}

static const char *
sel_name(const cpane *s)
{
	const sd_customer_row *row = ui_list_selected(&s->list);
	return row && row->name ? row->name : "";
}

/* Load the list around name and select it; false if it is not in the list (search). */
static bool
select_name(ui_ctx *c, cpane *s, const char *name)
{
	sd_customer_row anchor;

	/* an anchor made of the name: the list pages in order of name */
	memset(&anchor, 0, sizeof anchor);
	anchor.key = (char *)name;
	return ui_list_find_at(&s->list, c, &anchor, name);
}

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_NAME, COL_REGION, COL_CONTACT, COL_PHONE, COL_NEQ, COL_N };

/* the column headings */
static const char *const heads[COL_N] = {
	[COL_MARK] = N_("Key"), [COL_NAME] = N_("Customer"), [COL_REGION] = N_("Region"),
	[COL_CONTACT] = N_("Contact"), [COL_PHONE] = N_("Phone"), [COL_NEQ] = N_("Equip."),
};

/* the mark of a key customer in the list (text: the colour is extra) */
#define KEYCUST_MARK N_("key")

static int
head_width(int col, int min, int max)
{
	int w = text_width(_(heads[col]));
	if (w < min)
		w = min;
	return w > max ? max : w;
}

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	/* widths; 0 for the flexible column (the name) */
	int w[COL_N] = { [COL_REGION] = 8, [COL_CONTACT] = 10, [COL_PHONE] = 13 };
	/* the name keeps room for nine Chinese characters */
	int minw[COL_N] = { [COL_NAME] = 18 };
	/* the order in which columns give way on narrow screens (the detail shows them all) */
	static const int drop_order[] = { COL_CONTACT, COL_REGION, COL_PHONE, COL_NEQ };
	bool on[COL_N];
	int extra, mark;

	(void)owner;
	mark = text_width(_(KEYCUST_MARK));
	w[COL_MARK] = head_width(COL_MARK, mark < 1 ? 1 : mark, 6);
	w[COL_NEQ] = head_width(COL_NEQ, 3, 8);
	w[COL_REGION] = head_width(COL_REGION, 8, 10);
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_NAME] = minw[COL_NAME];
	/* the name takes most of the room there is; the contact a little */
	if (on[COL_CONTACT]) {
		int give = extra / 5 < 6 ? extra / 5 : 6;
		w[COL_CONTACT] += give;
		extra -= give;
	}
	w[COL_NAME] += extra;
	ui_cols_place(L, COL_N, w, on);
	/* the count is right-aligned: so is its heading */
	L->right = 1u << COL_NEQ;
}

static const char *
empty_text(void *owner)
{
	const cpane *s = owner;

	return s->search ? _("(no customers match)")
	       : _("(no customers yet: press a or F2 to add one)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_customer_row *row = rowp;
	int st = selected ? UI_S_SELECTED : UI_S_NORMAL;
	char num[16];

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	snprintf(num, sizeof num, "%d", row->nequipment);
	ui_cols_cell(L, r, y, COL_MARK, !selected && row->key_customer ? UI_S_URGENT : st,
	             row->key_customer ? _(KEYCUST_MARK) : "");
	ui_cols_cell(L, r, y, COL_NAME, st, row->name);
	ui_cols_cell(L, r, y, COL_REGION, st, row->region);
	ui_cols_cell(L, r, y, COL_CONTACT, st, row->contact);
	ui_cols_cell(L, r, y, COL_PHONE, st, row->phone);
	ui_cols_cell(L, r, y, COL_NEQ, st, num);
}

/* ---------------------------------------------------------------- detail */

/* today's date ("YYYY-MM-DD", SERVDESK_NOW honoured) */
static void
today(char out[11])
{
	char now[17];

	store_now(now);
	snprintf(out, 11, "%.10s", now);
}

static void
equipment_copy(sd_equipment *dst, const sd_equipment *src)
{
	*dst = *src;
	dst->customer = src->customer ? xstrdup(src->customer) : NULL;
	dst->serial = src->serial ? xstrdup(src->serial) : NULL;
	dst->model = src->model ? xstrdup(src->model) : NULL;
	dst->note = src->note ? xstrdup(src->note) : NULL;
}

static int
collect_equipment(const sd_equipment *e, void *arg)
{
	cpane *s = arg;

	s->eq = xrealloc(s->eq, (s->neq + 1) * sizeof *s->eq);
	memset(&s->eq[s->neq], 0, sizeof *s->eq);
	equipment_copy(&s->eq[s->neq].e, e);
	s->neq++;
	return 0;
}

static int
collect_downtime(const sd_downtime *d, void *arg)
{
	eq_info *q = arg;

	q->dt = xrealloc(q->dt, (q->ndt + 1) * sizeof *q->dt);
	q->dt[q->ndt] = *d;
	q->dt[q->ndt].reason = d->reason ? xstrdup(d->reason) : NULL;
	q->ndt++;
	return 0;
}

/* the selected customer in full, loaded when the selection changes; false if none */
static bool
load_detail(ui_ctx *c, void *owner)
{
	cpane *s = owner;
	sd_err err;
	const char *name = sel_name(s);
	sd_date on;

	if (!*name) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.name, name) == 0)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	if (customer_get(c->st, name, &s->det, &err) != SD_OK) {
		customer_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	s->appointed = ui_appointed_line(c, name);
	sd_err_clear(&err);
	if (equipment_each(c->st, name, collect_equipment, s, &err) != SD_OK && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	today(s->today);
	if (!date_parse(s->today, &on))
		return true;
	for (size_t i = 0; i < s->neq; i++) {
		eq_info *q = &s->eq[i];
		sd_err_clear(&err);
		if (equipment_warranty(c->st, q->e.serial, on, &q->w, NULL, &err) == SD_OK)
			q->have_w = true;
		sd_err_clear(&err);
		equipment_downtime_each(c->st, q->e.serial, collect_downtime, q, &err);
	}
	return true;
}

/* "in warranty until 2026-03-01 (+10 days of downtime)" and the like */
static void
warranty_text(buf *b, const warranty_status *w)
{
	char d[11];

	buf_reset(b);
	buf_puts(b, warranty_tier_name(w->tier));
	if (w->tier == TIER_UNKNOWN) {
		buf_printf(b, "%s%s%s", text_paren_open(), _("no acceptance or commissioning date"), text_paren_close());
		return;
	}
	if (w->tier_end != SD_DATE_NONE) {
		date_format(w->tier_end, d);
		buf_printf(b, _(", until %s"), d);
	}
	if (w->tier != TIER_WARRANTY && w->end != SD_DATE_NONE) {
		date_format(w->end, d);
		buf_printf(b, _("; warranty ended %s"), d);
	}
	if (w->tier == TIER_WARRANTY && w->downtime_days > 0)
		buf_printf(b, _(" (+%d days of downtime)"), w->downtime_days);
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const cpane *s = owner;
	const sd_customer *cu = &s->det;
	const char *const labels[] = {
		_("Customer"), _("Region"), _("Key customer"), _("Contact"), _("Phone"),
		_("Address"), _("Warranty"), _("Delivered"), _("Accepted"), _("Commissioned"),
		_("Downtime"), _("Note"), _("Warranty terms"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	buf b = { 0 };

	ui_dl_field(d, lw, width, labels[0], cu->name);
	ui_dl_field(d, lw, width, labels[1], cu->region);
	ui_dl_field(d, lw, width, labels[2], cu->key_customer ? _("yes") : _("no"));
	ui_dl_field(d, lw, width, labels[3], cu->contact);
	ui_dl_field(d, lw, width, labels[4], cu->phone);
	ui_dl_field(d, lw, width, labels[5], cu->address);
	ui_dl_field(d, lw, width, _("Engineer"), s->appointed);

	buf_printf(&b, _("Equipment (%zu), warranty on %s"), s->neq, s->today);
	ui_dl_heading(d, buf_str(&b));
	if (s->neq == 0)
		ui_dl_add(d, xstrdup(_("(none recorded: press n or F5 to add)")), UI_S_NORMAL);
	for (size_t i = 0; i < s->neq; i++) {
		const eq_info *q = &s->eq[i];

		buf_reset(&b);
		buf_puts(&b, q->e.serial ? q->e.serial : "");
		if (q->e.model)
			buf_printf(&b, "  %s", q->e.model);
		if (i > 0)
			ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
		ui_dl_add(d, buf_steal(&b), UI_S_HEADER);
		if (q->have_w) {
			warranty_text(&b, &q->w);
			ui_dl_field(d, lw, width, labels[6], buf_str(&b));
		}
		ui_dl_field(d, lw, width, labels[7], q->e.delivered_on);
		ui_dl_field(d, lw, width, labels[8], q->e.accepted_on);
		ui_dl_field(d, lw, width, labels[9], q->e.commissioned_on);
		if (q->e.warranty_months > 0 || q->e.warranty_from != WARRANTY_FROM_EITHER) {
			buf_reset(&b);
			warranty_terms_text(&b, q->e.warranty_months, q->e.warranty_from);
			ui_dl_field(d, lw, width, labels[12], buf_str(&b));
		}
		ui_dl_field(d, lw, width, labels[11], q->e.note);
		for (size_t k = 0; k < q->ndt; k++) {
			buf_reset(&b);
			buf_printf(&b, "%s..%s", q->dt[k].from_on, q->dt[k].to_on);
			if (q->dt[k].reason)
				buf_printf(&b, " %s", q->dt[k].reason);
			ui_dl_field(d, lw, width, k == 0 ? labels[10] : "", buf_str(&b));
		}
	}
	if (s->neq > 0)
		ui_dl_add(d, xstrdup(_("(w explains the warranty of a piece on any date)")), UI_S_NORMAL);
	buf_free(&b);
}


/* ---------------------------------------------------------------- actions */

/* reload the selected customer from the database (another desk may have changed it) */
static bool
fresh_detail(ui_ctx *c, cpane *s)
{
	return ui_list_selection(&s->list, c, true, _("No customer selected."));
}

/*
 * Choose a piece of the selected customer's equipment: the only one, or one
 * from a pick list. Returns its index in s->eq, or -1 (message set).
 */
static int
pick_equipment(ui_ctx *c, cpane *s, const char *title)
{
	char **items;
	int k;

	if (s->neq == 0) {
		ui_message(c, true, _("No equipment recorded for %s (press n or F5 to add)."),
		           s->det.name);
		return -1;
	}
	if (s->neq == 1)
		return 0;
	items = xmalloc(s->neq * sizeof *items);
	for (size_t i = 0; i < s->neq; i++) {
		buf b = { 0 };
		buf_puts(&b, s->eq[i].e.serial ? s->eq[i].e.serial : "");
		if (s->eq[i].e.model)
			buf_printf(&b, "  %s", s->eq[i].e.model);
		items[i] = text_sanitize(buf_str(&b), false);
		buf_free(&b);
	}
	k = ui_pick(c, title, items, (int)s->neq);
	for (size_t i = 0; i < s->neq; i++)
		free(items[i]);
	free(items);
	if (k < 0)
		ui_message(c, false, "%s", _("Cancelled."));
	return k;
}

enum { FORM_CUSTOMER, FORM_EQUIPMENT, FORM_DOWNTIME };

typedef struct form_job {
	ui_ctx *c;
	cpane *s;
	int kind;
	bool edit;
	sd_customer cbase;      /* the customer as loaded (edit) */
	sd_equipment ebase;     /* the equipment as loaded (edit) */
	char *customer;         /* the owner of the equipment */
	char *serial;           /* the equipment of a downtime */
	char *saved;            /* the name or serial saved */
	char conflict_msg[1024]; /* refused: changed meanwhile (the form's message) */
} form_job;

/* the field codes of the forms with the words customer.c names them by in messages */
static const struct {
	const char *code, *label;
} field_labels[] = {
	{ "name", N_("name") }, { "region", N_("region") }, { "address", N_("address") },
	{ "contact", N_("contact") }, { "phone", N_("phone") }, { "serial", N_("serial number") },
	{ "model", N_("model") }, { "delivered_on", N_("delivered on") },
	{ "accepted_on", N_("accepted on") }, { "commissioned_on", N_("commissioned on") },
	{ "note", N_("note") }, { "from", N_("from") }, { "to", N_("to") },
	{ "reason", N_("reason") },
};

/* a refusal "field: problem" shown on the form with the cursor on the field */
static int
form_refused(ui_form *form, const char *msg)
{
	const char *field = NULL;

	for (size_t i = 0; i < SD_ARRAY_LEN(field_labels); i++) {
		const char *l = _(field_labels[i].label);
		size_t n = strlen(l);
		if (strncmp(msg, l, n) == 0 && msg[n] == ':' && ui_form_find(form, field_labels[i].code)
		    != (size_t)-1) {
			field = field_labels[i].code;
			break;
		}
	}
	return ui_form_fail(form, field, msg);
}

/* NULL for "" (the stored form of an empty field) */
static char *
or_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

static const char *const customer_codes[] = { "region", "key", "address", "contact", "phone" };

static void
customer_values(const cpane *s, const sd_customer *cu, const char *out[5])
{
	out[0] = cu->region;
	out[1] = s->yesno[cu->key_customer ? 1 : 0];
	out[2] = cu->address;
	out[3] = cu->contact;
	out[4] = cu->phone;
}

static const char *const equipment_codes[] = {
	"model", "delivered_on", "accepted_on", "commissioned_on", "warranty_months", "warranty_from", "note",
};

/* in the order of enum sd_warranty_from */
static const char *
warranty_from_name(int from)
{
	switch (from) {
	case 1:
		return _("commissioning only");
	case 2:
		return _("acceptance only");
	default:
		return _("either date, the earlier end");
	}
}

static void
equipment_values(const sd_equipment *e, char months[16], const char *out[7])
{
	months[0] = '\0';
	if (e->warranty_months > 0)
		snprintf(months, 16, "%d", e->warranty_months);
	out[0] = e->model;
	out[1] = e->delivered_on;
	out[2] = e->accepted_on;
	out[3] = e->commissioned_on;
	out[4] = months;
	out[5] = warranty_from_name(e->warranty_from);
	out[6] = e->note;
}

/*
 * After customer_put or equipment_put refused an edit: was the record changed
 * at another desk since the form showed it (its version is not the one
 * shown)? If so, nothing typed is lost: the form stays open, takes in the
 * other person's changes (ui_form_merge), shows clashes under the fields, and
 * the next save goes over their version. Returns true with the form's
 * message in job->conflict_msg.
 */
static bool
changed_meanwhile(ui_form *form, form_job *job)
{
	const char *table, *key;
	char who[256], *comma;
	sd_err err;
	bool changed = false;

	sd_err_clear(&err);
	if (job->kind == FORM_CUSTOMER) {
		sd_customer cur;
		memset(&cur, 0, sizeof cur);
		table = "customer";
		key = job->cbase.name;
		if (customer_get(job->c->st, key, &cur, &err) == SD_OK && cur.version != job->cbase.version) {
			const char *was[5], *now[5];
			customer_values(job->s, &job->cbase, was);
			customer_values(job->s, &cur, now);
			ui_form_merge(form, customer_codes, was, now, 5);
			customer_free(&job->cbase);
			job->cbase = cur;
			memset(&cur, 0, sizeof cur);
			changed = true;
		}
		customer_free(&cur);
	} else {
		sd_equipment cur;
		memset(&cur, 0, sizeof cur);
		table = "equipment";
		key = job->ebase.serial;
		if (equipment_get(job->c->st, key, &cur, &err) == SD_OK && cur.version != job->ebase.version) {
			const char *was[7], *now[7];
			char m1[16], m2[16];
			equipment_values(&job->ebase, m1, was);
			equipment_values(&cur, m2, now);
			ui_form_merge(form, equipment_codes, was, now, 7);
			equipment_free(&job->ebase);
			job->ebase = cur;
			memset(&cur, 0, sizeof cur);
			changed = true;
		}
		equipment_free(&cur);
	}
	if (!changed)
		return false;
	/* the record as it is now names itself (the old copy is freed) */
	key = job->kind == FORM_CUSTOMER ? job->cbase.name : job->ebase.serial;
	customer_last_change(job->c->st, table, key, who, sizeof who);
	if ((comma = strchr(who, ',')) != NULL)
		*comma = '\0';
	snprintf(job->conflict_msg, sizeof job->conflict_msg,
	         _("Changed meanwhile by %s: their changes are in; clashes in red. F2 saves."),
	         who[0] ? who : "?");
	return true;
}

/* a date field: "" or YYYY-MM-DD (checked again by the store) */
static int
date_field(ui_form *form, const char *code, const char *label, char out[11])
{
	char *t = ui_form_text(form, code);
	sd_date d;

	out[0] = '\0';
	if (*t && (strlen(t) != 10 || !date_parse(t, &d))) {
		char msg[256];
		snprintf(msg, sizeof msg, _("%s: %s"), label, _("expected a date like 2026-11-24"));
		free(t);
		return ui_form_fail(form, code, msg);
	}
	snprintf(out, 11, "%s", t);
	free(t);
	return SD_OK;
}

static int
save_customer(ui_form *form, form_job *job)
{
	sd_customer cu;
	sd_err err;
	int rc;

	memset(&cu, 0, sizeof cu);
	cu.name = ui_form_text(form, "name");
	if (job->edit && strcmp(cu.name, job->cbase.name) != 0) {
		customer_free(&cu);
		return ui_form_fail(form, "name", _("name: cannot be changed (requests name the customer)"));
	}
	if (!job->edit && *cu.name) {
		sd_customer old;
		sd_err_clear(&err);
		if (customer_get(job->c->st, cu.name, &old, &err) == SD_OK) {
			customer_free(&old);
			customer_free(&cu);
			return ui_form_fail(form, "name", _("name: a customer of this name exists (edit it with e)"));
		}
	}
	cu.region = or_null(ui_form_text(form, "region"));
	cu.key_customer = form->f[ui_form_find(form, "key")].choice == 1;
	cu.address = or_null(ui_form_text(form, "address"));
	cu.contact = or_null(ui_form_text(form, "contact"));
	cu.phone = or_null(ui_form_text(form, "phone"));
	/* an edit is refused if another desk changed the customer since it was shown */
	cu.version = job->edit ? job->cbase.version : 0;
	sd_err_clear(&err);
	rc = customer_put(job->c->st, &cu, &err);
	if (rc == SD_OK)
		job->saved = xstrdup(cu.name);
	customer_free(&cu);
	if (rc != SD_OK && job->edit && changed_meanwhile(form, job))
		return ui_form_fail(form, NULL, job->conflict_msg);
	return rc == SD_OK ? SD_OK : form_refused(form, err.msg);
}

static int
save_equipment(ui_form *form, form_job *job)
{
	sd_equipment e;
	sd_err err;
	int rc;

	memset(&e, 0, sizeof e);
	e.serial = ui_form_text(form, "serial");
	if (job->edit && strcmp(e.serial, job->ebase.serial) != 0) {
		equipment_free(&e);
		return ui_form_fail(form, "serial", _("serial number: cannot be changed"));
	}
	if (!job->edit && *e.serial) {
		sd_equipment old;
		sd_err_clear(&err);
		if (equipment_get(job->c->st, e.serial, &old, &err) == SD_OK) {
			char msg[512];
			snprintf(msg, sizeof msg, _("serial number: already recorded for %s"),
			         old.customer ? old.customer : "?");
			equipment_free(&old);
			equipment_free(&e);
			return ui_form_fail(form, "serial", msg);
		}
	}
	e.customer = xstrdup(job->customer);
	e.model = or_null(ui_form_text(form, "model"));
	if (date_field(form, "delivered_on", _("delivered on"), e.delivered_on) != SD_OK
	    || date_field(form, "accepted_on", _("accepted on"), e.accepted_on) != SD_OK
	    || date_field(form, "commissioned_on", _("commissioned on"), e.commissioned_on) != SD_OK) {
		equipment_free(&e);
		return SD_DATAERR;
	}
	char *wm = ui_form_text(form, "warranty_months");
	if (*wm) {
		char *end;
		long n = strtol(wm, &end, 10);
		if (*end || n < 1 || n > 1200) {
			char msg[256];
			free(wm);
			equipment_free(&e);
			snprintf(msg, sizeof msg, _("%s: %s"), _("warranty months"),
			         _("a number of months from 1 to 1200, or empty for the site's settings"));
			return ui_form_fail(form, "warranty_months", msg);
		}
		e.warranty_months = (int)n;
	}
	free(wm);
	e.warranty_from = ui_form_choice(form, "warranty_from");
	e.note = or_null(ui_form_text(form, "note"));
	e.loan_unit = ui_form_choice(form, "loan_unit") == 1;
	/* an edit is refused if another desk changed the equipment since it was shown */
	e.version = job->edit ? job->ebase.version : 0;
	sd_err_clear(&err);
	rc = equipment_put(job->c->st, &e, &err);
	if (rc == SD_OK)
		job->saved = xstrdup(e.serial);
	equipment_free(&e);
	if (rc != SD_OK && job->edit && changed_meanwhile(form, job))
		return ui_form_fail(form, NULL, job->conflict_msg);
	return rc == SD_OK ? SD_OK : form_refused(form, err.msg);
}

static int
save_downtime(ui_form *form, form_job *job)
{
	char *from = ui_form_text(form, "from"), *to = ui_form_text(form, "to");
	char *reason = ui_form_text(form, "reason");
	sd_err err;
	int rc;

	sd_err_clear(&err);
	rc = equipment_add_downtime(job->c->st, job->serial, from, to, reason, &err);
	free(from);
	free(to);
	free(reason);
	if (rc == SD_OK) {
		job->saved = xstrdup(job->serial);
		return SD_OK;
	}
	return form_refused(form, err.msg);
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;

	switch (job->kind) {
	case FORM_CUSTOMER:
		return save_customer(form, job);
	case FORM_EQUIPMENT:
		return save_equipment(form, job);
	default:
		return save_downtime(form, job);
	}
}

static void
job_free(form_job *job)
{
	customer_free(&job->cbase);
	equipment_free(&job->ebase);
	free(job->customer);
	free(job->serial);
	free(job->saved);
}

/* Run a form; reports a cancel. True when something was saved. */
static bool
run_form(ui_ctx *c, ui_form *form, form_job *job)
{
	bool saved = ui_form_run(c, form);

	(void)job;
	ui_form_free(form);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return false;
	}
	return true;
}

static void
do_customer(ui_ctx *c, cpane *s, bool edit)
{
	ui_form form;
	form_job job;
	char title[256];
	const sd_customer *v;
	sd_customer blank;

	memset(&job, 0, sizeof job);
	memset(&blank, 0, sizeof blank);
	job.c = c;
	job.s = s;
	job.kind = FORM_CUSTOMER;
	job.edit = edit;
	if (edit) {
		if (!fresh_detail(c, s))
			return;
		job.cbase = s->det;
		job.cbase.name = xstrdup(s->det.name);
		job.cbase.region = s->det.region ? xstrdup(s->det.region) : NULL;
		job.cbase.address = s->det.address ? xstrdup(s->det.address) : NULL;
		job.cbase.contact = s->det.contact ? xstrdup(s->det.contact) : NULL;
		job.cbase.phone = s->det.phone ? xstrdup(s->det.phone) : NULL;
		v = &job.cbase;
		char *clean = text_sanitize(v->name, false);
		snprintf(title, sizeof title, _("Edit customer %s"), clean);
		free(clean);
	} else {
		v = &blank;
		snprintf(title, sizeof title, "%s", _("Add a customer"));
	}
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "name", _("Name"), v->name);
	ui_form_add_text(&form, "region", _("Region"), v->region);
	ui_form_add_choice(&form, "key", _("Key customer"), s->yesno, 2, v->key_customer ? 1 : 0);
	ui_form_add_text(&form, "address", _("Address"), v->address);
	ui_form_add_text(&form, "contact", _("Contact"), v->contact);
	ui_form_add_text(&form, "phone", _("Phone"), v->phone);
	form.focus = edit ? ui_form_find(&form, "region") : 0;
	if (run_form(c, &form, &job)) {
		if (select_name(c, s, job.saved))
			ui_message(c, false, edit ? _("Saved %s.") : _("Added %s."), job.saved);
		else
			ui_message(c, false, _("Saved %s (not in the current list)."), job.saved);
	} else {
		ui_list_reload(&s->list, c);
	}
	job_free(&job);
}

static void
do_equipment(ui_ctx *c, cpane *s, bool edit)
{
	ui_form form;
	form_job job;
	char title[256];
	sd_equipment blank;
	const sd_equipment *v;
	char *who;

	if (!fresh_detail(c, s))
		return;
	memset(&job, 0, sizeof job);
	memset(&blank, 0, sizeof blank);
	job.c = c;
	job.s = s;
	job.kind = FORM_EQUIPMENT;
	job.edit = edit;
	job.customer = xstrdup(s->det.name);
	who = text_sanitize(s->det.name, false);
	if (edit) {
		int k = pick_equipment(c, s, _("Which equipment?"));
		if (k < 0) {
			free(who);
			job_free(&job);
			return;
		}
		equipment_copy(&job.ebase, &s->eq[k].e);
		v = &job.ebase;
		char *serial = text_sanitize(v->serial ? v->serial : "", false);
		snprintf(title, sizeof title, _("Edit equipment %s of %s"), serial, who);
		free(serial);
	} else {
		v = &blank;
		snprintf(title, sizeof title, _("Add equipment for %s"), who);
	}
	free(who);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "serial", _("Serial no."), v->serial);
	ui_form_add_text(&form, "model", _("Model"), v->model);
	ui_form_add_text(&form, "delivered_on", _("Delivered"), v->delivered_on);
	ui_form_add_text(&form, "accepted_on", _("Accepted"), v->accepted_on);
	ui_form_add_text(&form, "commissioned_on", _("Commissioned"), v->commissioned_on);
	char months[16] = "";
	if (v->warranty_months > 0)
		snprintf(months, sizeof months, "%d", v->warranty_months);
	ui_form_add_text(&form, "warranty_months", _("Warranty months"), months);
	const char *from_names[] = { warranty_from_name(0), warranty_from_name(1), warranty_from_name(2) };
	ui_form_add_choice(&form, "warranty_from", _("Warranty from"), from_names, 3, v->warranty_from);
	ui_form_add_area(&form, "note", _("Note"), v->note);
	ui_form_add_choice(&form, "loan_unit", _("Loan unit"), s->yesno, 2, v->loan_unit ? 1 : 0);
	form.focus = edit ? ui_form_find(&form, "model") : 0;
	if (run_form(c, &form, &job))
		ui_message(c, false, edit ? _("Saved equipment %s.") : _("Added equipment %s."),
		           job.saved);
	/* the count in the list and the detail change */
	ui_list_reload(&s->list, c);
	job_free(&job);
}

static void
do_downtime(ui_ctx *c, cpane *s)
{
	ui_form form;
	form_job job;
	char title[256], day[11];
	int k;

	if (!fresh_detail(c, s))
		return;
	if ((k = pick_equipment(c, s, _("Which equipment?"))) < 0)
		return;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.kind = FORM_DOWNTIME;
	job.serial = xstrdup(s->eq[k].e.serial);
	char *serial = text_sanitize(job.serial, false);
	snprintf(title, sizeof title, _("Downtime of %s"), serial);
	free(serial);
	today(day);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "from", _("From"), day);
	ui_form_add_text(&form, "to", _("To"), day);
	ui_form_add_text(&form, "reason", _("Reason"), "");
	if (run_form(c, &form, &job))
		ui_message(c, false, _("Downtime of %s recorded."), job.saved);
	ui_list_reload(&s->list, c);
	job_free(&job);
}

static void
do_warranty(ui_ctx *c, cpane *s)
{
	char day[11], *out = NULL, *t, title[256];
	warranty_status w;
	buf b = { 0 };
	sd_err err;
	sd_date on;
	int k;

	if (!fresh_detail(c, s))
		return;
	if ((k = pick_equipment(c, s, _("Which equipment?"))) < 0)
		return;
	today(day);
	if (!ui_prompt(c, _("Warranty on (YYYY-MM-DD):"), day, NULL, NULL, &out)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(out);
	free(out);
	if (strlen(t) != 10 || !date_parse(t, &on)) {
		ui_message(c, true, _("Not a date: %s (expected YYYY-MM-DD)"), t);
		free(t);
		return;
	}
	const sd_equipment *e = &s->eq[k].e;
	buf_printf(&b, "%s: %s", _("Customer"), s->det.name);
	buf_printf(&b, "\n%s: %s", _("Serial no."), e->serial);
	if (e->model)
		buf_printf(&b, "  %s", e->model);
	buf_printf(&b, "\n%s: %s, %s: %s, %s: %s\n\n", _("Delivered"),
	           e->delivered_on[0] ? e->delivered_on : "-", _("Accepted"),
	           e->accepted_on[0] ? e->accepted_on : "-", _("Commissioned"),
	           e->commissioned_on[0] ? e->commissioned_on : "-");
	sd_err_clear(&err);
	if (equipment_warranty(c->st, e->serial, on, &w, &b, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
	} else {
		char *serial = text_sanitize(e->serial, false);
		snprintf(title, sizeof title, _("Warranty of %s on %s"), serial, t);
		free(serial);
		ui_textview_run(c, title, buf_str(&b));
	}
	free(t);
	buf_free(&b);
}

/* The newest rows of a machine's history shown at once (equipment show lists all). */
#define EQ_HISTORY_ROWS 200

/* The service history of a piece of the selected customer's equipment, newest first. */
static void
do_eq_history(ui_ctx *c, cpane *s)
{
	sd_hist_row *rows;
	buf b = { 0 };
	sd_err err;
	char title[160];
	int k, n = 0, kw = 0;

	if (!fresh_detail(c, s))
		return;
	if ((k = pick_equipment(c, s, _("Which equipment?"))) < 0)
		return;
	const sd_equipment *e = &s->eq[k].e;
	rows = xcalloc(EQ_HISTORY_ROWS, sizeof *rows);
	sd_err_clear(&err);
	if (history_page(c->st, e->serial, PAGE_FIRST, NULL, EQ_HISTORY_ROWS, rows, &n, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		free(rows);
		return;
	}
	for (int i = 0; i < HK_COUNT; i++)
		if (text_width(history_kind_name(i)) > kw)
			kw = text_width(history_kind_name(i));
	buf_printf(&b, "%s: %s\n%s: %s", _("Customer"), s->det.name, _("Serial no."), e->serial);
	if (e->model)
		buf_printf(&b, "  %s", e->model);
	buf_puts(&b, "\n\n");
	if (n == 0)
		buf_puts(&b, _("No service history recorded."));
	for (int i = 0; i < n; i++) {
		char kind[64];

		text_fit(kind, sizeof kind, history_kind_name(rows[i].kind), kw, true);
		buf_printf(&b, "%-16s  %s  %s  %s\n", rows[i].at, kind, rows[i].number, rows[i].summary);
		history_row_free(&rows[i]);
	}
	if (n == EQ_HISTORY_ROWS)
		buf_printf(&b, _("(the newest %d; servdesk equipment show %s lists them all)"), EQ_HISTORY_ROWS,
		           e->serial);
	free(rows);
	char *serial = text_sanitize(e->serial, false);
	snprintf(title, sizeof title, _("Service history of %s"), serial);
	free(serial);
	ui_textview_run(c, title, buf_str(&b));
	buf_free(&b);
}

/* ---------------------------------------------------------------- search */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	cpane *s = priv;

	(void)c;
	if (s->search) {
		char *clean = text_sanitize(s->search, false);
		buf_printf(b, "/%s", clean);
		free(clean);
	} else {
		buf_puts(b, _("all"));
	}
	buf_puts(b, ui_sep_clause());
	buf_printf(b, "%s", _("by name"));
}

/* ---------------------------------------------------------------- ops */

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_customer_row),
	.fetch = fetch_rows,
	.free_row = free_row,
	.ident = row_ident,
	.forget = drop_detail,
	.heads = heads,
	.layout = layout_columns,
	.draw_row = draw_row,
	.empty = empty_text,
	.load = load_detail,
	.build = build_detail,
};

static int
pane_init(ui_ctx *c, void *priv)
{
	cpane *s = priv;

	ui_list_init(&s->list, &list_ops, s);
	s->yesno[0] = _("no");
	s->yesno[1] = _("yes");
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	cpane *s = priv;
	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
	free(s->search);
	s->search = NULL;
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	cpane *s = priv;
	int act = ui_key_action(customer_keys, SD_ARRAY_LEN(customer_keys), key);

	/* to the first or last customer: read the one shown again */
	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_SEARCH:
		ui_list_search(&s->list, c, &s->search);
		break;
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_ADD:
		if (ui_permitted(c, ACT_CUSTOMER_CHANGE))
			do_customer(c, s, false);
		break;
	case ACT_EDIT:
		if (ui_permitted(c, ACT_CUSTOMER_CHANGE))
			do_customer(c, s, true);
		break;
	case ACT_EQ_ADD:
		if (ui_permitted(c, ACT_CUSTOMER_CHANGE))
			do_equipment(c, s, false);
		break;
	case ACT_EQ_EDIT:
		if (ui_permitted(c, ACT_CUSTOMER_CHANGE))
			do_equipment(c, s, true);
		break;
	case ACT_DOWNTIME:
		if (ui_permitted(c, ACT_CUSTOMER_CHANGE))
			do_downtime(c, s);
		break;
	case ACT_WARRANTY:
		/* reading: anyone at the desk may */
		do_warranty(c, s);
		break;
	case ACT_EQ_HISTORY:
		do_eq_history(c, s);
		break;
	case ACT_APPOINT:
		if (ui_permitted(c, ACT_CUSTOMER_CHANGE) && fresh_detail(c, s)) {
			ui_appoint(c, s->det.name);
			drop_detail(s);
			ui_list_reload(&s->list, c);
		}
		break;
	case ACT_CONTRACTS:
		if (fresh_detail(c, s))
			ui_contract_list(c, s->det.name);
		break;
	case ACT_CONTRACT_ADD:
		if (fresh_detail(c, s)) {
			ui_contract_add(c, s->det.name);
			ui_list_reload(&s->list, c);
		}
		break;
	case ACT_EXPIRING:
		ui_contract_expiring(c);
		break;
	default:
		return false;
	}
	return true;
}

/* the selected record, for its history */
static bool
pane_record(ui_ctx *c, void *priv, const char **table, buf *key)
{
	(void)c;
	return ui_history_selected(priv, "customer", table, key);
}

const ui_pane_ops ui_customer_pane = {
	.name = N_("Customers"),
	.priv_size = sizeof(cpane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = customer_keys,
	.nkeys = SD_ARRAY_LEN(customer_keys),
	.record = pane_record,
};
