/*
 * ui-intake.c — the intake register pane (收件登记): a list that pages
 * through the register (only a window of rows around the screen is held),
 * the detail of the selected request, incremental search, filters, sorting,
 * and the actions register, edit, hand over and void.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "customer.h"
#include "inbox.h"
#include "intake.h"
#include "ledger.h"
#include "staff.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"
#include "visit.h"

enum {
	ACT_SEARCH = UI_LIST_ACTIONS, ACT_MONTH, ACT_CHANNEL, ACT_STATUS, ACT_SORT, ACT_REVERSE,
	ACT_ADD, ACT_EDIT, ACT_HAND, ACT_VOID, ACT_RELOAD, ACT_TAKE, ACT_ORIGINAL
};

static const ui_keydef intake_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Add"), N_("register a request") },
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"), N_("edit the selected request") },
	{ ACT_HAND, { 'h', UI_FK(KEY_F(5)) }, "F5, h", N_("Hand"), N_("hand over to the technical department") },
	{ ACT_VOID, { 'v', UI_FK(KEY_F(8)) }, "F8, v", N_("Void"), N_("void the selected request (reason required)") },
	{ ACT_TAKE, { 't' }, "t", N_("Take"), N_("take the selected request into the after-sales ledger") },
	{ ACT_SEARCH, { '/' }, "/", N_("Search"), N_("search customer, requester, phone, items (Esc clears)") },
	{ ACT_MONTH, { 'm' }, "m", N_("Month"), N_("filter by month (YYYY-MM; empty for all)") },
	{ ACT_CHANNEL, { 'c' }, "c", NULL, N_("filter by channel (cycles)") },
	{ ACT_STATUS, { 's' }, "s", NULL, N_("filter by status (cycles)") },
	{ ACT_SORT, { 'o' }, "o", N_("Sort"), N_("sort by the next column") },
	{ ACT_REVERSE, { 'O' }, "O", NULL, N_("reverse the sort order") },
	UI_LIST_KEYS(N_("previous request"), N_("next request"), N_("first request"),
	             N_("last request")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
	{ ACT_ORIGINAL, { 'V' }, "V", NULL, N_("show the originals (faxes, scans) kept with the request, page by page") },
};

typedef struct intake_state {
	ui_list list;              /* the register: a window of rows of sd_req_row */
	sd_req_query q;
	char *search;              /* owned; q.search is set to it for each fetch */
	sd_request det;            /* the selected request in full */
	bool have_det;
	char origin[160];           /* the visit the request came from, "" none */
	char *prio_names[4];       /* "P1 ..." choices for the form */
	const char *ch_names[CH_COUNT];
	sd_attachment *att;        /* the originals kept with the selected request */
	int natt;
} intake_state;

/* the pane operations of ui-list.h take the state for its list */
_Static_assert(offsetof(intake_state, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- the list */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	intake_state *s = owner;

	s->q.search = s->search;
	return intake_page(c->st, &s->q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	intake_row_free(row);
}

static const char *
row_ident(const void *row, char *scratch, size_t size)
{
	(void)scratch;
	(void)size;
	return ((const sd_req_row *)row)->regno;
}

/* forget the selected row in full (the list's forget callback too) */
static void
drop_detail(void *owner)
{
	intake_state *s = owner;

	if (s->have_det)
		intake_request_free(&s->det);
	s->have_det = false;
	s->list.dscroll = 0;
	att_array_free(s->att, s->natt);
	s->att = NULL;
	s->natt = 0;
}

static const char *
sel_regno(const intake_state *s)
{
	const sd_req_row *row = ui_list_selected(&s->list);
	return row ? row->regno : "";
}

/* ---------------------------------------------------------------- drawing */

enum { COL_REGNO, COL_RECEIVED, COL_CHANNEL, COL_PRIO, COL_CUSTOMER, COL_REQUESTER,
       COL_PHONE, COL_ITEM, COL_STATUS, COL_N };

static const char *const heads[COL_N] = {
	[COL_REGNO] = N_("Reg. no."), [COL_RECEIVED] = N_("Received"),
	[COL_CHANNEL] = N_("Channel"), [COL_PRIO] = N_("Pr"),
	[COL_CUSTOMER] = N_("Customer"), [COL_REQUESTER] = N_("Requester"),
	[COL_PHONE] = N_("Phone"), [COL_ITEM] = N_("First item"),
	[COL_STATUS] = N_("Status"),
};

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	/* widths; 0 for the two flexible columns (customer, first item) */
	int w[COL_N] = {
		[COL_REGNO] = 11, [COL_RECEIVED] = 11, [COL_PRIO] = 2,
		[COL_REQUESTER] = 10, [COL_PHONE] = 13,
	};
	/* the customer keeps room for ten Chinese characters */
	int minw[COL_N] = { [COL_CUSTOMER] = 18, [COL_ITEM] = 10 };
	/* the order in which columns give way on narrow screens (the detail pane shows them all) */
	static const int drop_order[] = { COL_REQUESTER, COL_CHANNEL, COL_PHONE,
	                                  COL_ITEM, COL_RECEIVED };
	bool on[COL_N];
	int extra;

	(void)owner;
	w[COL_CHANNEL] = ui_max_name_width(intake_channel_name, CH_COUNT);
	if (text_width(_("Channel")) > w[COL_CHANNEL])
		w[COL_CHANNEL] = text_width(_("Channel"));
	if (w[COL_CHANNEL] > 8)
		w[COL_CHANNEL] = 8;
	w[COL_STATUS] = ui_max_name_width(intake_status_name, RS_COUNT) + 1;
	if (w[COL_STATUS] > 9)
		w[COL_STATUS] = 9;
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_CUSTOMER] = minw[COL_CUSTOMER];
	w[COL_ITEM] = on[COL_ITEM] ? minw[COL_ITEM] : 0;
	if (on[COL_ITEM]) {
		/* the spare width shared by the two text columns: the customer gains at most 16 */
		int give = extra / 2 < 16 ? extra / 2 : 16;
		w[COL_CUSTOMER] += give;
		w[COL_ITEM] += extra - give;
	} else {
		w[COL_CUSTOMER] += extra;
	}
	ui_cols_place(L, COL_N, w, on);
}

static const char *
empty_text(void *owner)
{
	intake_state *s = owner;

	return (s->search && *s->search) || s->q.month[0] || s->q.channel >= 0 || s->q.status >= 0
	       ? _("(no requests match)") : _("(no requests yet: press a or F2 to register one)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_req_row *row = rowp;
	int st = selected ? UI_S_SELECTED : row->status == RS_VOID ? UI_S_VOID : UI_S_NORMAL;
	char prio[8], recv[17];
	buf status = { 0 };

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	snprintf(prio, sizeof prio, "P%d", row->priority);
	/* "YYYY-MM-DD HH:MM" -> "MM-DD HH:MM" (the register number has the year) */
	snprintf(recv, sizeof recv, "%s", strlen(row->received_at) >= 16 ? row->received_at + 5 : row->received_at);
	buf_printf(&status, "%s%s", intake_status_name(row->status), row->dup ? "*" : "");
	ui_cols_cell(L, r, y, COL_REGNO, st, row->regno);
	ui_cols_cell(L, r, y, COL_RECEIVED, st, recv);
	ui_cols_cell(L, r, y, COL_CHANNEL, st, intake_channel_name(row->channel));
	ui_cols_cell(L, r, y, COL_PRIO, !selected && row->priority == 1 ? UI_S_URGENT : st, prio);
	ui_cols_cell(L, r, y, COL_CUSTOMER, st, row->customer);
	ui_cols_cell(L, r, y, COL_REQUESTER, st, row->requester);
	ui_cols_cell(L, r, y, COL_PHONE, st, row->phone);
	ui_cols_cell(L, r, y, COL_ITEM, st, row->first_item);
	ui_cols_cell(L, r, y, COL_STATUS, st, buf_str(&status));
	buf_free(&status);
}

/* the selected request in full, loaded when the selection changes; false if none */
static bool
load_detail(ui_ctx *c, void *owner)
{
	intake_state *s = owner;
	sd_err err;
	const char *regno = sel_regno(s);

	if (!*regno) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.regno, regno) == 0)
		return true;
	drop_detail(s);
	intake_request_init(&s->det);
	sd_err_clear(&err);
	if (intake_get(c->st, regno, &s->det, &err) != SD_OK) {
		intake_request_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	if (att_list(c->st, regno, &s->att, &s->natt, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	s->origin[0] = '\0';
	if (s->det.visit_id > 0 && !visit_origin(c->st, s->det.visit_id, s->origin, sizeof s->origin))
		snprintf(s->origin, sizeof s->origin, "%lld", s->det.visit_id);
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const intake_state *s = owner;
	const sd_request *r = &s->det;
	const char *const labels[] = {
		_("Register no."), _("Status"), _("Received at"), _("Channel"), _("Priority"),
		_("Customer"), _("Requester"), _("Phone"), _("Serial no."), _("Received by"),
		_("Handed to"), _("Handed at"), _("Void reason"), _("Duplicate"), _("Fax pages"),
		_("From visit"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	buf b = { 0 };
	char num[32];

	ui_dl_field(d, lw, width, labels[0], r->regno);
	buf_puts(&b, intake_status_name(r->status));
	ui_dl_field(d, lw, width, labels[1], buf_str(&b));
	ui_dl_field(d, lw, width, labels[2], r->received_at);
	ui_dl_field(d, lw, width, labels[3], intake_channel_name(r->channel));
	if (r->channel == CH_FAX && r->fax_pages > 0) {
		snprintf(num, sizeof num, "%d", r->fax_pages);
		ui_dl_field(d, lw, width, labels[14], num);
	}
	buf_reset(&b);
	buf_puts(&b, intake_priority_desc(r->priority));
	ui_dl_field(d, lw, width, labels[4], buf_str(&b));
	ui_dl_field(d, lw, width, labels[5], r->customer);
	ui_dl_field(d, lw, width, labels[6], r->requester);
	ui_dl_field(d, lw, width, labels[7], r->phone);
	ui_dl_field(d, lw, width, labels[8], r->serial);
	ui_dl_field(d, lw, width, labels[9], r->received_by);
	ui_dl_field(d, lw, width, labels[10], r->handed_to);
	ui_dl_field(d, lw, width, labels[11], r->handed_at);
	ui_dl_field(d, lw, width, labels[12], r->void_reason);
	if (r->dup_of && *r->dup_of) {
		buf_reset(&b);
		buf_printf(&b, _("* likely duplicate of %s"), r->dup_of);
		ui_dl_field(d, lw, width, labels[13], buf_str(&b));
	}
	if (s->origin[0])
		ui_dl_field(d, lw, width, labels[15], s->origin);
	ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
	buf_reset(&b);
	buf_printf(&b, _("Maintenance items (%zu)"), r->nitems);
	ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
	for (size_t i = 0; i < r->nitems; i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		ui_dl_field(d, 3, width, num, r->items[i]);
	}
	if (s->natt > 0) {
		ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
		buf_reset(&b);
		/* TRANSLATORS: the number of originals; V is the key that shows them. */
		buf_printf(&b, _("Originals (%d; V shows them)"), s->natt);
		ui_dl_add(d, buf_steal(&b), UI_S_NORMAL);
		for (int i = 0; i < s->natt; i++) {
			snprintf(num, sizeof num, "%d.", i + 1);
			buf_reset(&b);
			/* TRANSLATORS: file name, pages, the first 12 digits of its SHA-256. */
			buf_printf(&b, _("%s, %d page(s), SHA-256 %.12s"), s->att[i].name, s->att[i].pages, s->att[i].hash);
			ui_dl_field(d, 3, width, num, buf_str(&b));
		}
	}
	buf_free(&b);
}


/* ---------------------------------------------------------------- forms */

typedef struct form_job {
	ui_ctx *c;
	intake_state *s;
	bool edit;
	sd_request base;        /* the request as loaded (edit) */
	char regno[24];         /* the saved request's number */
	char dup_of[24];        /* a likely duplicate of the saved request, if flagged */
	char conflict_msg[1024]; /* changed meanwhile: the form's message */
	long long inbox_id;     /* saving registers this inbox item (0: none) */
} form_job;

static void
form_changed(ui_form *form, void *arg)
{
	size_t ch = ui_form_find(form, "channel"), fp = ui_form_find(form, "fax_pages");
	(void)arg;
	if (ch != (size_t)-1 && fp != (size_t)-1)
		form->f[fp].hidden = form->f[ch].choice != CH_FAX;
}

static void
form_add_item(ui_form *form, void *arg)
{
	int k = 0;
	char label[64];
	(void)arg;
	for (size_t i = 0; i < form->n; i++)
		if (strcmp(form->f[i].code, "items") == 0)
			k++;
	snprintf(label, sizeof label, _("Item %d"), k + 1);
	form->focus = ui_form_add_area(form, "items", label, "");
}

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/*
 * The request was changed meanwhile from was (what the form was opened
 * with) to now: a three-way merge in the form. A field the person left as it
 * was takes their value; a field both changed keeps what was typed and shows
 * theirs under it; a field only the person changed stays as typed.
 */
static void
merge_theirs(ui_form *form, const intake_state *s, const sd_request *was, const sd_request *now)
{
	char num[2][16];
	size_t i;

	snprintf(num[0], sizeof num[0], "%d", was->fax_pages);
	snprintf(num[1], sizeof num[1], "%d", now->fax_pages);
	const char *codes[] = {
		"received_at", "channel", "fax_pages", "customer", "requester", "phone", "serial", "priority",
	};
	const char *wasv[] = {
		was->received_at, was->channel >= 0 && was->channel < CH_COUNT ? s->ch_names[was->channel] : "",
		was->fax_pages > 0 ? num[0] : "", was->customer, was->requester, was->phone, was->serial,
		was->priority >= 1 && was->priority <= 4 ? s->prio_names[was->priority - 1] : "",
	};
	const char *nowv[] = {
		now->received_at, now->channel >= 0 && now->channel < CH_COUNT ? s->ch_names[now->channel] : "",
		now->fax_pages > 0 ? num[1] : "", now->customer, now->requester, now->phone, now->serial,
		now->priority >= 1 && now->priority <= 4 ? s->prio_names[now->priority - 1] : "",
	};
	ui_form_merge(form, codes, wasv, nowv, SD_ARRAY_LEN(codes));

	/* the items: taken in whole where the form still has the old ones */
	bool theirs_differ = was->nitems != now->nitems, mine_same = true;
	size_t k = 0;
	for (size_t j = 0; j < now->nitems && j < was->nitems; j++)
		if (!same_text(was->items[j], now->items[j]))
			theirs_differ = true;
	for (i = 0; i < form->n; i++) {
		if (strcmp(form->f[i].code, "items") != 0)
			continue;
		char *v = ui_line_get(&form->f[i].ed);
		if (k >= was->nitems ? *v != '\0' : !same_text(v, was->items[k]))
			mine_same = false;
		free(v);
		k++;
	}
	if (k != was->nitems && !(k == 1 && was->nitems == 0))
		mine_same = false;
	size_t first = ui_form_find(form, "items");
	if (!theirs_differ || first == (size_t)-1) {
		if (first != (size_t)-1)
			ui_form_theirs(form, first, NULL);
		return;
	}
	if (mine_same) {
		/* their items in the fields (an emptied one is dropped when saved), more added */
		size_t nf = k;
		k = 0;
		for (i = 0; i < form->n; i++)
			if (strcmp(form->f[i].code, "items") == 0) {
				ui_line_set(&form->f[i].ed, k < now->nitems ? now->items[k] : "");
				k++;
			}
		for (k = nf; k < now->nitems; k++) {
			char label[64];
			snprintf(label, sizeof label, _("Item %zu"), k + 1);
			ui_form_add_area(form, "items", label, now->items[k]);
		}
		ui_form_theirs(form, first, NULL);
		return;
	}
	buf b = { 0 };
	for (k = 0; k < now->nitems; k++)
		buf_printf(&b, "%s%zu. %s", k ? "  " : "", k + 1, now->items[k]);
	ui_form_theirs(form, first, buf_str(&b));
	buf_free(&b);
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	sd_request r;
	sd_err err;
	const char *field = NULL;
	char *t;
	int rc;

	if (job->edit)
		intake_request_copy(&r, &job->base);
	else
		intake_request_init(&r);
	/* the items are rebuilt from the form */
	for (size_t i = 0; i < r.nitems; i++)
		free(r.items[i]);
	free(r.items);
	r.items = NULL;
	r.nitems = 0;

	t = ui_form_text(form, "received_at");
	if (!intake_parse_time(t, r.received_at)) {
		free(t);
		intake_request_free(&r);
		return ui_form_fail(form, "received_at", _("received at: expected YYYY-MM-DD HH:MM"));
	}
	free(t);
	r.channel = form->f[ui_form_find(form, "channel")].choice;
	t = ui_form_text(form, "fax_pages");
	r.fax_pages = 0;
	if (r.channel == CH_FAX && *t) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || v < 1 || v > 9999) {
			free(t);
			intake_request_free(&r);
			return ui_form_fail(form, "fax_pages", _("fax pages: expected a whole number from 1"));
		}
		r.fax_pages = (int)v;
	}
	free(t);
#define SET_TEXT(member, code) do { free(r.member); r.member = ui_form_text(form, code); \
		if (!*r.member) { free(r.member); r.member = NULL; } } while (0)
	SET_TEXT(customer, "customer");
	SET_TEXT(requester, "requester");
	SET_TEXT(phone, "phone");
	SET_TEXT(serial, "serial");
#undef SET_TEXT
	r.priority = form->f[ui_form_find(form, "priority")].choice + 1;
	for (size_t i = 0; i < form->n; i++) {
		if (strcmp(form->f[i].code, "items") != 0)
			continue;
		char *v = ui_line_get(&form->f[i].ed), *tv = text_trim(v);
		if (*tv)
			intake_request_add_item(&r, v);   /* an emptied item is dropped */
		free(tv);
		free(v);
	}

	sd_err_clear(&err);
	if (intake_validate(&r, &field, &err) != SD_OK) {
		intake_request_free(&r);
		return ui_form_fail(form, field, err.msg);
	}
	if (job->edit) {
		sd_request cur;
		intake_request_init(&cur);
		rc = intake_update(job->c->st, &r, &cur, &err);
		if (rc != SD_OK && cur.regno[0] && cur.version != job->base.version) {
			/*
			 * Changed meanwhile: the form stays open with what was
			 * typed, takes in what the other person changed, shows
			 * theirs under each field both changed, and the next
			 * save goes over their version.
			 */
			char who[128], *comma;
			customer_last_change(job->c->st, "request", cur.regno, who, sizeof who);
			if ((comma = strchr(who, ',')) != NULL)
				*comma = '\0';
			merge_theirs(form, job->s, &job->base, &cur);
			intake_request_free(&job->base);
			intake_request_copy(&job->base, &cur);
			intake_request_free(&cur);
			intake_request_free(&r);
			snprintf(job->conflict_msg, sizeof job->conflict_msg,
			         /* TRANSLATORS: the login of who changed the request meanwhile. */
			         _("Changed meanwhile by %s: their changes are in; clashes in red. F2 saves."),
			         who[0] ? who : "?");
			return ui_form_fail(form, NULL, job->conflict_msg);
		}
		intake_request_free(&cur);
	} else if (job->inbox_id > 0) {
		rc = inbox_register(job->c->st, job->inbox_id, &r, &err);
	} else {
		rc = intake_add(job->c->st, &r, false, &err);
	}
	if (rc != SD_OK) {
		intake_request_free(&r);
		return ui_form_fail(form, NULL, err.msg);
	}
	snprintf(job->regno, sizeof job->regno, "%s", r.regno);
	snprintf(job->dup_of, sizeof job->dup_of, "%s", !job->edit && r.dup_of ? r.dup_of : "");
	intake_request_free(&r);
	return SD_OK;
}

static void
build_form(intake_state *s, ui_form *form, const sd_request *r, form_job *job)
{
	char now[17], num[16];

	form->save = form_save;
	form->add = form_add_item;
	form->changed = form_changed;
	form->arg = job;
	if (r->received_at[0]) {
		ui_form_add_text(form, "received_at", _("Received at"), r->received_at);
	} else {
		store_now(now);
		ui_form_add_text(form, "received_at", _("Received at"), now);
	}
	ui_form_add_choice(form, "channel", _("Channel"), s->ch_names, CH_COUNT, r->channel);
	num[0] = '\0';
	if (r->fax_pages > 0)
		snprintf(num, sizeof num, "%d", r->fax_pages);
	ui_form_add_text(form, "fax_pages", _("Fax pages"), num);
	ui_form_add_text(form, "customer", _("Customer"), r->customer);
	ui_form_add_text(form, "requester", _("Requester"), r->requester);
	ui_form_add_text(form, "phone", _("Phone"), r->phone);
	ui_form_add_text(form, "serial", _("Serial no."), r->serial);
	ui_form_add_choice(form, "priority", _("Priority"), (const char **)s->prio_names, 4,
	                   r->priority >= 1 && r->priority <= 4 ? r->priority - 1 : 2);
	for (size_t i = 0; i < r->nitems; i++) {
		char label[64];
		snprintf(label, sizeof label, _("Item %zu"), i + 1);
		ui_form_add_area(form, "items", label, r->items[i]);
	}
	if (r->nitems == 0)
		ui_form_add_area(form, "items", _("Item 1"), "");
	form_changed(form, job);
	/* start where the typing starts */
	ui_form_focus_code(form, r->customer ? "items" : "customer");
	if (!r->customer)
		form->focus = ui_form_find(form, "customer");
}

static void
do_add(ui_ctx *c, intake_state *s)
{
	ui_form form;
	form_job job;
	sd_request blank;

	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	intake_request_init(&blank);
	ui_form_init(&form, _("Register a request"));
	build_form(s, &form, &blank, &job);
	form.focus = ui_form_find(&form, "channel");
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	intake_request_free(&blank);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (ui_list_find(&s->list, c, job.regno)) {
		if (job.dup_of[0])
			/* TRANSLATORS: the new request's number, the earlier one's (same customer and equipment). */
			ui_message(c, false, _("Registered %s: a likely duplicate of %s."), job.regno, job.dup_of);
		else
			ui_message(c, false, _("Registered %s."), job.regno);
	} else if (job.dup_of[0])
		ui_message(c, false, _("Registered %s (not in the current list): a likely duplicate of %s."),
		           job.regno, job.dup_of);
	else
		ui_message(c, false, _("Registered %s (not in the current list)."), job.regno);
}

bool
ui_intake_register_item(ui_ctx *c, long long inbox_id, const sd_request *prefill, char regno[24])
{
	intake_state *s = NULL;
	ui_form form;
	form_job job;
	bool saved;

	for (size_t i = 0; i < c->npanes; i++)
		if (c->panes[i] == &ui_intake_pane)
			s = c->privs[i];
	if (!s)
		return false;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.inbox_id = inbox_id;
	ui_form_init(&form, _("Register the fax as a request"));
	build_form(s, &form, prefill, &job);
	saved = ui_form_run(c, &form);
	ui_form_free(&form);
	if (saved) {
		snprintf(regno, 24, "%s", job.regno);
		ui_list_reload(&s->list, c);
	}
	return saved;
}

/* reload the selected request from the database (another desk may have changed it) */
static bool
fresh_detail(ui_ctx *c, intake_state *s)
{
	return ui_list_selection(&s->list, c, true, _("No request selected."));
}

static void
do_edit(ui_ctx *c, intake_state *s)
{
	ui_form form;
	form_job job;
	char title[128];

	if (!fresh_detail(c, s))
		return;
	if (s->det.status == RS_VOID) {
		ui_message(c, true, "%s", _("A voided request cannot be edited."));
		return;
	}
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.edit = true;
	intake_request_copy(&job.base, &s->det);
	snprintf(title, sizeof title, _("Edit request %s"), s->det.regno);
	ui_form_init(&form, title);
	build_form(s, &form, &job.base, &job);
	bool saved = ui_form_run(c, &form);
	ui_form_free(&form);
	intake_request_free(&job.base);
	ui_list_reload(&s->list, c);
	if (!saved) {
		ui_message(c, false, "%s", _("Cancelled."));
	} else {
		const sd_req_row *row = ui_list_selected(&s->list);
		/* the selection stays where it was; the request may have left the list */
		if (row && strcmp(row->regno, job.regno) == 0)
			ui_message(c, false, _("Saved %s."), job.regno);
		else
			ui_message(c, false, _("Saved %s (hidden by the current search or filter)."), job.regno);
	}
}

static void
do_hand(ui_ctx *c, intake_state *s)
{
	sd_err err;
	char title[128], *login;

	if (!fresh_detail(c, s))
		return;
	if (s->det.status == RS_VOID) {
		ui_message(c, true, "%s", _("A voided request cannot be handed over."));
		return;
	}
	snprintf(title, sizeof title, _("Hand %s to"), s->det.regno);
	if ((login = ui_pick_engineer(c, title)) != NULL) {
		sd_err_clear(&err);
		if (intake_hand(c->st, s->det.regno, login, NULL, s->det.version, &err) != SD_OK)
			ui_message(c, true, "%s", err.msg);
		else
			ui_message(c, false, _("Handed %s to %s."), s->det.regno, login);
		free(login);
	}
	ui_list_reload(&s->list, c);
}

static void
do_void(ui_ctx *c, intake_state *s)
{
	char q[256], *reason = NULL, *t;
	sd_err err;

	if (!fresh_detail(c, s))
		return;
	if (s->det.status == RS_VOID) {
		ui_message(c, true, _("%s is already void."), s->det.regno);
		return;
	}
	snprintf(q, sizeof q, _("Void request %s? It keeps its number. (y/n)"), s->det.regno);
	if (!ui_confirm(c, q)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	if (!ui_prompt(c, _("Reason for voiding:"), "", NULL, NULL, &reason)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	t = text_trim(reason);
	free(reason);
	sd_err_clear(&err);
	if (!*t)
		ui_message(c, true, "%s", _("Not voided: a reason is required."));
	else if (intake_void(c->st, s->det.regno, t, s->det.version, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Voided %s."), s->det.regno);
	free(t);
	ui_list_reload(&s->list, c);
}

static void
do_take(ui_ctx *c, intake_state *s)
{
	sd_err err;

	if (!fresh_detail(c, s))
		return;
	sd_err_clear(&err);
	if (ledger_take(c->st, s->det.regno, NULL, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return;
	}
	ui_message(c, false, _("Took %s into the ledger."), s->det.regno);
	/* the ledger pane shows the new entry when it is next looked at */
	for (size_t i = 0; i < c->npanes; i++)
		if (c->panes[i] == &ui_ledger_pane && c->privs[i] && c->panes[i]->reload)
			c->panes[i]->reload(c, c->privs[i]);
}

/* ---------------------------------------------------------------- search and filters */

static void
do_month(ui_ctx *c, intake_state *s)
{
	char *out = NULL, cur[8] = "", m[7];

	if (s->q.month[0])
		snprintf(cur, sizeof cur, "%.4s-%.2s", s->q.month, s->q.month + 4);
	if (!ui_prompt(c, _("Month (YYYY-MM, empty for all):"), cur, NULL, NULL, &out))
		return;
	char *t = text_trim(out);
	free(out);
	if (!*t) {
		s->q.month[0] = '\0';
	} else if (intake_parse_month(t, m)) {
		memcpy(s->q.month, m, sizeof s->q.month);
	} else {
		ui_message(c, true, _("Not a month: %s (expected YYYY-MM)"), t);
		free(t);
		return;
	}
	free(t);
	drop_detail(s);
	ui_list_load_edge(&s->list, c, false);
}

static void
intake_describe(ui_ctx *c, void *priv, buf *b)
{
	intake_state *s = priv;
	bool any = false;

	if (s->q.month[0]) {
		buf_printf(b, _("month %.4s-%.2s"), s->q.month, s->q.month + 4);
		any = true;
	}
	if (s->q.channel >= 0) {
		buf_printf(b, "%s%s", any ? ui_sep_item() : "", intake_channel_name(s->q.channel));
		any = true;
	}
	if (s->q.status >= 0) {
		buf_printf(b, "%s%s", any ? ui_sep_item() : "", intake_status_name(s->q.status));
		any = true;
	}
	if (s->search) {
		char *clean = text_sanitize(s->search, false);
		buf_printf(b, "%s/%s", any ? ui_sep_item() : "", clean);
		free(clean);
		any = true;
	}
	if (!any)
		buf_puts(b, _("all"));
	buf_puts(b, ui_sep_clause());
	/* TRANSLATORS: the sort column, then "desc" or "asc". */
	buf_printf(b, _("sort: %s %s"), intake_sort_name(s->q.sort), s->q.desc ? _("desc") : _("asc"));
}

/* ---------------------------------------------------------------- ops */

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_req_row),
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
intake_init(ui_ctx *c, void *priv)
{
	intake_state *s = priv;

	intake_query_init(&s->q);
	ui_list_init(&s->list, &list_ops, s);
	for (int i = 0; i < CH_COUNT; i++)
		s->ch_names[i] = intake_channel_name(i);
	for (int p = 1; p <= 4; p++) {
		buf b = { 0 };
		buf_puts(&b, intake_priority_desc(p));
		s->prio_names[p - 1] = buf_steal(&b);
	}
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
intake_done(ui_ctx *c, void *priv)
{
	intake_state *s = priv;
	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
	free(s->search);
	for (int i = 0; i < 4; i++)
		free(s->prio_names[i]);
}

static bool
intake_key(ui_ctx *c, void *priv, int key)
{
	intake_state *s = priv;
	int act = ui_key_action(intake_keys, SD_ARRAY_LEN(intake_keys), key);

	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_SEARCH:
		ui_list_search(&s->list, c, &s->search);
		break;
	case ACT_MONTH:
		do_month(c, s);
		break;
	case ACT_CHANNEL:
		s->q.channel = s->q.channel + 1 >= CH_COUNT ? -1 : s->q.channel + 1;
		ui_list_load_edge(&s->list, c, false);
		break;
	case ACT_STATUS:
		s->q.status = s->q.status + 1 >= RS_COUNT ? -1 : s->q.status + 1;
		ui_list_load_edge(&s->list, c, false);
		break;
	case ACT_SORT:
		s->q.sort = (s->q.sort + 1) % SORT_COUNT;
		ui_list_load_edge(&s->list, c, false);
		break;
	case ACT_REVERSE:
		s->q.desc = !s->q.desc;
		ui_list_load_edge(&s->list, c, false);
		break;
	case ACT_ADD:
		if (ui_permitted(c, ACT_REQUEST_ADD))
			do_add(c, s);
		break;
	case ACT_EDIT:
		if (ui_permitted(c, ACT_REQUEST_EDIT))
			do_edit(c, s);
		break;
	case ACT_HAND:
		if (ui_permitted(c, ACT_REQUEST_HAND))
			do_hand(c, s);
		break;
	case ACT_VOID:
		if (ui_permitted(c, ACT_REQUEST_VOID))
			do_void(c, s);
		break;
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_ORIGINAL:
		if (!fresh_detail(c, s))
			break;
		if (s->natt == 0)
			ui_message(c, false, "%s", _("No original is kept with this request."));
		for (int i = 0; i < s->natt; i++) {
			char *path = att_store_file(c->st, s->att[i].hash);
			ui_view_original(c, path, s->att[i].mime, s->att[i].pages);
			free(path);
		}
		break;
	case ACT_TAKE:
		if (ui_permitted(c, ACT_LEDGER_TAKE))
			do_take(c, s);
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
	return ui_history_selected(priv, "request", table, key);
}

const ui_pane_ops ui_intake_pane = {
	.name = N_("Requests"),
	.priv_size = sizeof(intake_state),
	.init = intake_init,
	.done = intake_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = intake_key,
	.click = ui_list_pane_click,
	.describe = intake_describe,
	.idle = ui_list_pane_idle,
	.keys = intake_keys,
	.nkeys = SD_ARRAY_LEN(intake_keys),
	.record = pane_record,
};
