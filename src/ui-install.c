/*
 * ui-install.c — the commissioning and training pane (调试培训): a list of
 * the commissionings and trainings not yet signed (o: the machines overdue
 * for commissioning, planned or not; A: every record), the selected record in
 * full, and the work on it: plan a commissioning (a, prefilled with the
 * machine of an overdue row) or a training (T), record it done (d), signed
 * by both sides (s), cancel it (x), and read its record as printed (f).
 * Rules, permissions and figures are install.c's; a refusal says why on the
 * status line.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "doc.h"
#include "install.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-pane.h"
#include "ui-textview.h"

enum {
	ACT_ADD = UI_LIST_ACTIONS, ACT_TRAIN, ACT_DONE, ACT_SIGN, ACT_CANCEL, ACT_FORM, ACT_OPEN,
	ACT_OVERDUE, ACT_ALL, ACT_RELOAD
};

static const ui_keydef install_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("Plan"),
	  N_("plan the commissioning of a machine (on an overdue row: that machine)") },
	{ ACT_TRAIN, { 'T' }, "T", NULL, N_("plan a training") },
	{ ACT_DONE, { 'd', UI_FK(KEY_F(4)) }, "F4, d", N_("Done"),
	  N_("record the selected commissioning or training done") },
	{ ACT_SIGN, { 's', UI_FK(KEY_F(5)) }, "F5, s", N_("Sign"),
	  N_("record that both sides signed the selected record") },
	{ ACT_CANCEL, { 'x', UI_FK(KEY_F(8)) }, "F8, x", N_("Cancel"),
	  N_("cancel the selected planned record, with a reason") },
	{ ACT_FORM, { 'f' }, "f", NULL, N_("read the selected record as printed, with its signature lines") },
	{ ACT_OPEN, { 'p' }, "p", NULL, N_("list the records not yet signed") },
	{ ACT_OVERDUE, { 'o' }, "o", NULL,
	  N_("list the machines overdue for commissioning, planned or not (逾期)") },
	{ ACT_ALL, { 'A' }, "A", NULL, N_("list every commissioning and training") },
	UI_LIST_KEYS(N_("previous record"), N_("next record"), N_("first record"), N_("last record")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

typedef struct ipane {
	ui_list list;           /* rows of sd_install_row */
	sd_install_query q;
	sd_install det;         /* the selected record, read again */
	bool have_det;
} ipane;

_Static_assert(offsetof(ipane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	ipane *p = owner;

	return install_page(c->st, &p->q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	install_row_free(row);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	const sd_install_row *r = rowp;

	snprintf(scratch, size, "%lld:%lld", r->id, r->equipment_id);
	return scratch;
}

static void
drop_detail(void *owner)
{
	ipane *p = owner;

	if (p->have_det)
		install_free(&p->det);
	memset(&p->det, 0, sizeof p->det);
	p->have_det = false;
	p->list.dscroll = 0;
}

/* ---------------------------------------------------------------- list */

enum { COL_NO, COL_KIND, COL_PLANNED, COL_DUE, COL_STATUS, COL_CUSTOMER, COL_SERIAL, COL_ENGINEER, COL_N };

static const char *const heads[COL_N] = {
	[COL_NO] = N_("No."), [COL_KIND] = N_("Kind"), [COL_PLANNED] = N_("Planned for"),
	[COL_DUE] = N_("Due by"), [COL_STATUS] = N_("Status"), [COL_CUSTOMER] = N_("Customer"),
	[COL_SERIAL] = N_("Serial no."), [COL_ENGINEER] = N_("Engineer"),
};

static const char *
kind_name(int k)
{
	return install_kind_name(k);
}

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	int w[COL_N] = { [COL_NO] = 5, [COL_PLANNED] = 10, [COL_DUE] = 10, [COL_SERIAL] = 16,
	                 [COL_ENGINEER] = 10, [COL_STATUS] = 22 };
	int minw[COL_N] = { [COL_CUSTOMER] = 12 };
	static const int drop_order[] = { COL_ENGINEER, COL_PLANNED, COL_SERIAL, COL_NO };
	bool on[COL_N];
	int extra;

	(void)owner;
	w[COL_KIND] = ui_max_name_width(kind_name, IK_COUNT);
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_CUSTOMER] = minw[COL_CUSTOMER] + extra;
	ui_cols_place(L, COL_N, w, on);
}

static const char *
empty_text(void *owner)
{
	const ipane *p = owner;

	if (p->q.view == IV_OVERDUE)
		return _("(no machine is overdue for commissioning)");
	return _("(none: press a to plan a commissioning, T a training)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_install_row *row = rowp;
	int st = selected ? UI_S_SELECTED : row->overdue ? UI_S_URGENT : UI_S_NORMAL;
	char no[24] = "";
	buf s = { 0 };

	(void)owner;
	if (row->id)
		snprintf(no, sizeof no, "%lld", row->id);
	if (row->status >= 0)
		buf_puts(&s, install_status_name(row->status));
	else
		buf_puts(&s, _("not planned"));
	if (row->overdue)
		buf_printf(&s, " %s", _("(overdue)"));
	ui_put(y, r.x, r.w, st, "");
	ui_cols_cell(L, r, y, COL_NO, st, no);
	ui_cols_cell(L, r, y, COL_KIND, st, install_kind_name(row->kind));
	ui_cols_cell(L, r, y, COL_PLANNED, st, row->planned_on);
	ui_cols_cell(L, r, y, COL_DUE, st, row->due_on);
	ui_cols_cell(L, r, y, COL_STATUS, st, buf_str(&s));
	ui_cols_cell(L, r, y, COL_CUSTOMER, st, row->customer);
	ui_cols_cell(L, r, y, COL_SERIAL, st, row->serial);
	ui_cols_cell(L, r, y, COL_ENGINEER, st, row->engineer);
	buf_free(&s);
}

/* ---------------------------------------------------------------- detail */

static bool
load_detail(ui_ctx *c, void *owner)
{
	ipane *p = owner;
	const sd_install_row *row = ui_list_selected(&p->list);
	sd_err err;

	if (!row || !row->id) {
		drop_detail(p);
		return row != NULL;
	}
	if (p->have_det && p->det.id == row->id)
		return true;
	drop_detail(p);
	sd_err_clear(&err);
	if (install_get(c->st, row->id, &p->det, &err) != SD_OK) {
		install_free(&p->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	p->have_det = true;
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const ipane *p = owner;
	const sd_install *j = &p->det;
	const sd_install_row *row = ui_list_selected(&p->list);
	const char *const labels[] = {
		_("No."), _("Kind"), _("Status"), _("Customer"), _("Serial no."), _("Arrived on"),
		_("Due by"), _("Planned for"), _("Days planned"), _("Engineer"), _("Done on"),
		_("Held"), _("Checks made"), _("Topics"), _("Attendees"), _("Signed by the customer"),
		_("Signed on"), _("Reason cancelled"), _("Days late"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char t[64];
	buf b = { 0 };

	if (!p->have_det) {
		if (!row)
			return;
		/* a machine overdue with no commissioning planned */
		ui_dl_field(d, lw, width, labels[1], install_kind_name(IK_COMMISSION));
		ui_dl_field(d, lw, width, labels[2], _("not planned"));
		ui_dl_field(d, lw, width, labels[3], row->customer);
		ui_dl_field(d, lw, width, labels[4], row->serial);
		ui_dl_field(d, lw, width, labels[6], row->due_on);
		snprintf(t, sizeof t, "%d", row->days_late);
		ui_dl_field(d, lw, width, labels[18], t);
		ui_dl_add(d, xstrdup(""), UI_S_NORMAL);
		ui_dl_add(d, xstrdup(_("Press a to plan its commissioning.")), UI_S_NORMAL);
		return;
	}
	snprintf(t, sizeof t, "%lld", j->id);
	ui_dl_field(d, lw, width, labels[0], t);
	ui_dl_field(d, lw, width, labels[1], install_kind_name(j->kind));
	buf_puts(&b, install_status_name(j->status));
	if (j->overdue)
		buf_printf(&b, " %s", _("(overdue)"));
	ui_dl_field(d, lw, width, labels[2], buf_str(&b));
	buf_reset(&b);
	ui_dl_field(d, lw, width, labels[3], j->customer);
	if (j->serial) {
		buf_printf(&b, "%s %s", j->serial, j->model ? j->model : "");
		ui_dl_field(d, lw, width, labels[4], buf_str(&b));
		buf_reset(&b);
	}
	if (j->kind == IK_COMMISSION) {
		ui_dl_field(d, lw, width, labels[5], j->arrived_on);
		ui_dl_field(d, lw, width, labels[6], j->due_on);
	}
	ui_dl_field(d, lw, width, labels[7], j->planned_on);
	if (j->kind == IK_TRAINING) {
		snprintf(t, sizeof t, "%d", j->days);
		ui_dl_field(d, lw, width, labels[8], t);
	}
	ui_dl_field(d, lw, width, labels[9], j->engineer_name ? j->engineer_name : j->engineer);
	if (j->kind == IK_COMMISSION) {
		ui_dl_field(d, lw, width, labels[10], j->done_on);
		ui_dl_field(d, lw, width, labels[12], j->work);
	} else {
		if (j->done_on[0]) {
			buf_printf(&b, _("%s to %s (%d days)"), j->done_on, j->done_to, install_days_held(j));
			ui_dl_field(d, lw, width, labels[11], buf_str(&b));
			buf_reset(&b);
		}
		ui_dl_field(d, lw, width, labels[13], j->work);
		if (j->attendees) {
			buf_printf(&b, "%s%s%d%s", j->attendees, text_paren_open(), j->attendee_count, text_paren_close());
			ui_dl_field(d, lw, width, labels[14], buf_str(&b));
			buf_reset(&b);
		}
	}
	ui_dl_field(d, lw, width, labels[15], j->signed_by);
	if (j->signed_on[0])
		ui_dl_field(d, lw, width, labels[16], j->signed_on);
	ui_dl_field(d, lw, width, labels[17], j->cancel_reason);
	buf_free(&b);
}

/* ---------------------------------------------------------------- forms */

typedef struct form_job {
	ui_ctx *c;
	int kind;
	long long id;           /* the record (done, sign, cancel) */
	int version;            /* as read when the form opened */
	long long saved;        /* the record added */
} form_job;

/* A date field's text into out (11 bytes); false (form message) if too long. */
static bool
date_field(ui_form *form, const char *code, char out[11])
{
	char *v = ui_form_text(form, code);
	bool ok = strlen(v) < 11;

	if (ok)
		snprintf(out, 11, "%s", v);
	free(v);
	return ok;
}

static int
plan_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	sd_install j;
	char *days = NULL;
	sd_err err;
	int rc;

	memset(&j, 0, sizeof j);
	j.kind = job->kind;
	if (!date_field(form, "planned", j.planned_on))
		return ui_form_fail(form, "planned", _("planned for: expected YYYY-MM-DD"));
	j.serial = ui_form_text(form, "serial");
	j.customer = job->kind == IK_TRAINING ? ui_form_text(form, "customer") : NULL;
	j.engineer = ui_form_text(form, "engineer");
	j.work = ui_form_text(form, "work");
	if (job->kind == IK_TRAINING) {
		char *end;
		long n;

		days = ui_form_text(form, "days");
		n = *days ? strtol(days, &end, 10) : 0;
		if (*days && (*end || n < 1 || n > 60)) {
			free(days);
			free(j.serial);
			free(j.customer);
			free(j.engineer);
			free(j.work);
			return ui_form_fail(form, "days", _("days: a whole number from 1 to 60"));
		}
		j.days = (int)n;
	}
	sd_err_clear(&err);
	rc = install_add(job->c->st, &j, &job->saved, &err);
	free(days);
	free(j.serial);
	free(j.customer);
	free(j.engineer);
	free(j.work);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

static void
do_plan(ui_ctx *c, ipane *p, int kind)
{
	const sd_install_row *row = ui_list_selected(&p->list);
	char days[16];
	ui_form form;
	form_job job;

	memset(&job, 0, sizeof job);
	job.c = c;
	job.kind = kind;
	ui_form_init(&form, kind == IK_COMMISSION ? _("Plan a commissioning") : _("Plan a training"));
	form.save = plan_save;
	form.arg = &job;
	if (kind == IK_TRAINING) {
		snprintf(days, sizeof days, "%d", install_training_days(c->st));
		ui_form_add_text(&form, "customer", _("Customer"),
		                 row && p->q.view != IV_OVERDUE ? row->customer : NULL);
		ui_form_add_text(&form, "serial", _("Serial no. (optional)"), NULL);
		ui_form_add_text(&form, "planned", _("First day (YYYY-MM-DD)"), NULL);
		ui_form_add_text(&form, "days", _("Days planned"), days);
		ui_form_add_text(&form, "engineer", _("Trainer (login)"), NULL);
		ui_form_add_area(&form, "work", _("Topics"), NULL);
	} else {
		ui_form_add_text(&form, "serial", _("Serial no."),
		                 row && !row->id && row->serial ? row->serial : NULL);
		ui_form_add_text(&form, "planned", _("Planned for (empty: the due day)"), NULL);
		ui_form_add_text(&form, "engineer", _("Engineer (login)"), NULL);
		ui_form_add_area(&form, "work", _("What is planned"), NULL);
	}
	if (ui_form_run(c, &form)) {
		char ident[64];

		snprintf(ident, sizeof ident, "%lld:0", job.saved);
		if (p->q.view == IV_OVERDUE)
			ui_list_reload(&p->list, c);
		else
			ui_list_find(&p->list, c, ident);
		ui_message(c, false, _("Planned number %lld."), job.saved);
	} else {
		ui_message(c, false, "%s", _("Cancelled."));
		ui_list_reload(&p->list, c);
	}
	ui_form_free(&form);
}

/* The selected record read again; false (status line) if none or not planned. */
static bool
selected_record(ui_ctx *c, ipane *p)
{
	const sd_install_row *row;

	if (!ui_list_selection(&p->list, c, true, _("No record selected.")))
		return false;
	row = ui_list_selected(&p->list);
	if (!row || !row->id || !p->have_det) {
		ui_message(c, true, "%s", _("No commissioning planned for this machine yet: press a to plan it."));
		return false;
	}
	return true;
}

static int
done_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	sd_install_done d;
	char *on = ui_form_text(form, "on"), *to = NULL, *eng = ui_form_text(form, "engineer");
	char *work = ui_form_text(form, "work"), *att = NULL;
	sd_err err;
	int rc;

	memset(&d, 0, sizeof d);
	d.done_on = on;
	d.engineer = eng;
	d.work = work;
	if (job->kind == IK_TRAINING) {
		to = ui_form_text(form, "to");
		att = ui_form_text(form, "attendees");
		d.done_to = to;
		d.attendees = att;
	}
	sd_err_clear(&err);
	rc = install_done(job->c->st, job->id, job->version, &d, &err);
	free(on);
	free(to);
	free(eng);
	free(work);
	free(att);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

static void
do_done(ui_ctx *c, ipane *p)
{
	char title[128], today[11];
	ui_form form;
	form_job job;

	if (!selected_record(c, p))
		return;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.kind = p->det.kind;
	job.id = p->det.id;
	job.version = p->det.version;
	date_format(store_today(), today);
	/* TRANSLATORS: the record's number. */
	snprintf(title, sizeof title, p->det.kind == IK_COMMISSION ? _("Commissioning %lld done")
	                                                           : _("Training %lld held"), p->det.id);
	ui_form_init(&form, title);
	form.save = done_save;
	form.arg = &job;
	if (p->det.kind == IK_COMMISSION) {
		ui_form_add_text(&form, "on", _("Commissioned on"), today);
		ui_form_add_text(&form, "engineer", _("Engineer (login)"), p->det.engineer);
		ui_form_add_area(&form, "work", _("Checks made"), p->det.work);
	} else {
		ui_form_add_text(&form, "on", _("First day (YYYY-MM-DD)"), p->det.planned_on);
		ui_form_add_text(&form, "to", _("Last day (empty: the days planned)"), NULL);
		ui_form_add_text(&form, "engineer", _("Trainer (login)"), p->det.engineer);
		ui_form_add_area(&form, "work", _("Topics"), p->det.work);
		ui_form_add_area(&form, "attendees", _("Attendees (names, separated by 、)"), NULL);
	}
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Recorded number %lld as done."), job.id);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	drop_detail(p);
	ui_list_reload(&p->list, c);
}

static int
sign_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	char *by = ui_form_text(form, "by"), *on = ui_form_text(form, "on");
	sd_err err;
	int rc;

	sd_err_clear(&err);
	rc = install_sign(job->c->st, job->id, job->version, by, on, &err);
	free(by);
	free(on);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

static void
do_sign(ui_ctx *c, ipane *p)
{
	char title[128], today[11];
	ui_form form;
	form_job job;

	if (!selected_record(c, p))
		return;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.id = p->det.id;
	job.version = p->det.version;
	date_format(store_today(), today);
	/* TRANSLATORS: the record's number. */
	snprintf(title, sizeof title, _("Both sides signed record %lld"), p->det.id);
	ui_form_init(&form, title);
	form.save = sign_save;
	form.arg = &job;
	ui_form_add_text(&form, "by", _("Signed for the customer by"), NULL);
	ui_form_add_text(&form, "on", _("Signed on"), today);
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Record %lld signed by both sides."), job.id);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	drop_detail(p);
	ui_list_reload(&p->list, c);
}

static void
do_cancel(ui_ctx *c, ipane *p)
{
	char *reason = NULL;
	sd_err err;

	if (!selected_record(c, p))
		return;
	if (!ui_prompt(c, _("Reason for cancelling: "), NULL, NULL, NULL, &reason) || !reason) {
		ui_message(c, false, "%s", _("Cancelled."));
		free(reason);
		return;
	}
	sd_err_clear(&err);
	if (install_cancel(c->st, p->det.id, p->det.version, reason, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("Record %lld cancelled."), p->det.id);
	free(reason);
	drop_detail(p);
	ui_list_reload(&p->list, c);
}

static void
do_form(ui_ctx *c, ipane *p)
{
	doc_opts o = { .format = DOCF_TEXT, .width = 80, .page_lines = 0 };
	sd_doc *doc = NULL;
	buf out = { 0 };
	sd_err err;

	if (!selected_record(c, p))
		return;
	sd_err_clear(&err);
	if (install_form(c->st, p->det.id, &doc, &err) != SD_OK ||
	    doc_render(doc, &o, &out, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_textview_run(c, doc->title, buf_str(&out));
	doc_free(doc);
	buf_free(&out);
}

/* ---------------------------------------------------------------- pane */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	ipane *p = priv;

	(void)c;
	buf_puts(b, p->q.view == IV_OVERDUE ? _("machines overdue for commissioning")
	            : p->q.view == IV_ALL ? _("every commissioning and training")
	                                  : _("not yet signed"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_install_row),
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
	ipane *p = priv;

	ui_list_init(&p->list, &list_ops, p);
	p->q.view = IV_OPEN;
	ui_list_load_edge(&p->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	ipane *p = priv;

	(void)c;
	ui_list_free(&p->list);
	drop_detail(p);
}

static void
set_view(ui_ctx *c, ipane *p, int view)
{
	p->q.view = view;
	ui_list_refilter(&p->list, c);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	ipane *p = priv;
	int act = ui_key_action(install_keys, SD_ARRAY_LEN(install_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(p);
	if (ui_list_key(&p->list, c, key, act))
		return true;
	switch (act) {
	case ACT_RELOAD:
		ui_list_reload(&p->list, c);
		break;
	case ACT_ADD:
	case ACT_TRAIN:
		if (ui_permitted(c, ACT_INSTALL_PLAN))
			do_plan(c, p, act == ACT_ADD ? IK_COMMISSION : IK_TRAINING);
		break;
	case ACT_DONE:
		if (ui_permitted(c, ACT_INSTALL_WORK))
			do_done(c, p);
		break;
	case ACT_SIGN:
		if (ui_permitted(c, ACT_INSTALL_WORK))
			do_sign(c, p);
		break;
	case ACT_CANCEL:
		if (ui_permitted(c, ACT_INSTALL_PLAN))
			do_cancel(c, p);
		break;
	case ACT_FORM:
		do_form(c, p);
		break;
	case ACT_OPEN:
		set_view(c, p, IV_OPEN);
		break;
	case ACT_OVERDUE:
		set_view(c, p, IV_OVERDUE);
		break;
	case ACT_ALL:
		set_view(c, p, IV_ALL);
		break;
	default:
		return false;
	}
	return true;
}

static bool
pane_record(ui_ctx *c, void *priv, const char **table, buf *key)
{
	ipane *p = priv;
	const sd_install_row *row = ui_list_selected(&p->list);

	(void)c;
	if (!row || !row->id)
		return false;
	*table = "install_job";
	buf_printf(key, "%lld", row->id);
	return true;
}

const ui_pane_ops ui_install_pane = {
	.name = N_("Setup/Training"),
	.priv_size = sizeof(ipane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = install_keys,
	.nkeys = SD_ARRAY_LEN(install_keys),
	.record = pane_record,
};
