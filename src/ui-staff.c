/*
 * ui-staff.c — the staff list pane (人员): a list that pages through the
 * staff by login with a text mark for those no longer active, the selected
 * member in full, and, for a supervisor only, add, edit and activate /
 * deactivate. Everyone else sees the list read-only; a refused action says
 * why on the status line. The last active supervisor cannot be deactivated
 * or demoted (staff_edit refuses it).
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"

enum { ACT_ADD = UI_LIST_ACTIONS, ACT_EDIT, ACT_TOGGLE, ACT_RELOAD };

static const ui_keydef staff_keys[] = {
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", NC_("new record", "Add"),
	  N_("add a member of staff (supervisor only)") },
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"),
	  N_("edit the selected member: name, phone, role (supervisor only)") },
	{ ACT_TOGGLE, { 'd', UI_FK(KEY_F(8)) }, "F8, d", N_("Deactivate"),
	  N_("deactivate the selected member, or activate again (supervisor only)") },
	UI_LIST_KEYS(N_("previous member"), N_("next member"), N_("first member"), N_("last member")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

typedef struct spane {
	ui_list list;           /* the staff: a window of rows of sd_staff */
	sd_staff det;           /* the selected member, read again */
	bool have_det;
	const char *roles[ROLE_COUNT];
	const char *yesno[2];
} spane;

_Static_assert(offsetof(spane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	const sd_staff *a = anchor;

	(void)owner;
	return staff_page(c->st, from, a ? a->login : NULL, limit, rows, n, err);
}

static void
free_row(void *row)
{
	staff_free(row);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	const sd_staff *row = rowp;

	(void)scratch;
	(void)size;
	return row->login ? row->login : "";
}

static void
drop_detail(void *owner)
{
	spane *s = owner;

	if (s->have_det)
		staff_free(&s->det);
	memset(&s->det, 0, sizeof s->det);
	s->have_det = false;
	s->list.dscroll = 0;
}

static const char *
sel_login(const spane *s)
{
	const sd_staff *row = ui_list_selected(&s->list);
	return row && row->login ? row->login : "";
}

/* Load the list around login and select it; false if it is not in the list. */
static bool
select_login(ui_ctx *c, spane *s, const char *login)
{
	sd_staff anchor;

	memset(&anchor, 0, sizeof anchor);
	anchor.login = (char *)login;
	return ui_list_find_at(&s->list, c, &anchor, login);
}

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_LOGIN, COL_NAME, COL_PHONE, COL_ROLE, COL_N };

static const char *const heads[COL_N] = {
	[COL_MARK] = N_("Mark"), [COL_LOGIN] = N_("Login"), [COL_NAME] = N_("Staff name"),
	[COL_PHONE] = N_("Phone"), [COL_ROLE] = N_("Role"),
};

/* the mark of a member no longer active (text: the colour is extra) */
#define INACTIVE_MARK N_("inactive")

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	int w[COL_N] = { [COL_LOGIN] = 12, [COL_PHONE] = 14 };
	int minw[COL_N] = { [COL_NAME] = 10 };
	static const int drop_order[] = { COL_PHONE, COL_ROLE };
	bool on[COL_N];
	int extra, mark;

	(void)owner;
	mark = text_width(_(INACTIVE_MARK));
	if (mark < text_width(_(heads[COL_MARK])))
		mark = text_width(_(heads[COL_MARK]));
	w[COL_MARK] = mark > 10 ? 10 : mark;
	w[COL_ROLE] = ui_max_name_width(staff_role_name, ROLE_COUNT);
	if (w[COL_ROLE] < text_width(_(heads[COL_ROLE])))
		w[COL_ROLE] = text_width(_(heads[COL_ROLE]));
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_NAME] = minw[COL_NAME] + extra;
	ui_cols_place(L, COL_N, w, on);
}

static const char *
empty_text(void *owner)
{
	(void)owner;
	return _("(no staff yet: press a or F2 to add someone)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_staff *row = rowp;
	int st = selected ? UI_S_SELECTED : row->active ? UI_S_NORMAL : UI_S_VOID;

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	ui_cols_cell(L, r, y, COL_MARK, st, row->active ? "" : _(INACTIVE_MARK));
	ui_cols_cell(L, r, y, COL_LOGIN, st, row->login);
	ui_cols_cell(L, r, y, COL_NAME, st, row->name);
	ui_cols_cell(L, r, y, COL_PHONE, st, row->phone);
	ui_cols_cell(L, r, y, COL_ROLE, st, staff_role_name(row->role));
}

/* ---------------------------------------------------------------- detail */

static bool
load_detail(ui_ctx *c, void *owner)
{
	spane *s = owner;
	const char *login = sel_login(s);
	sd_err err;

	if (!*login) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.login, login) == 0)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	if (staff_get(c->st, login, &s->det, &err) != SD_OK) {
		staff_free(&s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const spane *s = owner;
	const sd_staff *m = &s->det;
	const char *const labels[] = {
		_("Login"), _("Staff name"), _("Phone"), _("Role"), _("Active"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);

	ui_dl_field(d, lw, width, labels[0], m->login);
	ui_dl_field(d, lw, width, labels[1], m->name);
	ui_dl_field(d, lw, width, labels[2], m->phone);
	ui_dl_field(d, lw, width, labels[3], staff_role_name(m->role));
	ui_dl_field(d, lw, width, labels[4], m->active ? _("yes") : _("no"));
}

/* ---------------------------------------------------------------- forms */

typedef struct form_job {
	ui_ctx *c;
	bool edit;
	sd_staff base;          /* the member as read when the form opened (edit) */
	char *saved;            /* the login saved */
} form_job;

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	sd_staff m;
	sd_err err;
	int rc, role = ui_form_choice(form, "role"), active = ui_form_choice(form, "active");

	memset(&m, 0, sizeof m);
	m.login = ui_form_text(form, "login");
	if (job->edit && strcmp(m.login, job->base.login) != 0) {
		staff_free(&m);
		return ui_form_fail(form, "login", _("login: cannot be changed"));
	}
	if (!job->edit) {
		sd_staff old;

		if (staff_get(job->c->st, m.login, &old, NULL) == SD_OK) {
			staff_free(&old);
			staff_free(&m);
			return ui_form_fail(form, "login",
			                    _("login: already on the staff list (edit it with e)"));
		}
	}
	m.name = ui_form_text(form, "name");
	m.phone = ui_form_text(form, "phone");
	m.role = role;
	m.active = active == 1;
	sd_err_clear(&err);
	rc = staff_edit(job->c->st, job->edit ? &job->base : NULL, &m, &err);
	if (rc == SD_OK)
		job->saved = xstrdup(m.login);
	staff_free(&m);
	if (rc == SD_OK)
		return SD_OK;
	return ui_form_fail(form, NULL, err.msg);
}

static void
do_member(ui_ctx *c, spane *s, bool edit)
{
	ui_form form;
	form_job job;
	char title[256];
	sd_staff blank;
	const sd_staff *v;

	memset(&job, 0, sizeof job);
	memset(&blank, 0, sizeof blank);
	job.c = c;
	job.edit = edit;
	if (edit) {
		sd_err err;
		char *clean;

		if (!ui_list_selection(&s->list, c, true, _("No one selected.")))
			return;
		sd_err_clear(&err);
		if (staff_get(c->st, s->det.login, &job.base, &err) != SD_OK) {
			ui_message(c, true, "%s", err.msg);
			return;
		}
		v = &job.base;
		clean = text_sanitize(v->login, false);
		snprintf(title, sizeof title, _("Edit %s"), clean);
		free(clean);
	} else {
		blank.active = true;
		blank.role = ROLE_OPERATOR;
		v = &blank;
		snprintf(title, sizeof title, "%s", _("Add a member of staff"));
	}
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "login", _("Login"), v->login);
	ui_form_add_text(&form, "name", _("Staff name"), v->name);
	ui_form_add_text(&form, "phone", _("Phone"), v->phone);
	ui_form_add_choice(&form, "role", _("Role"), s->roles, ROLE_COUNT, v->role);
	ui_form_add_choice(&form, "active", _("Active"), s->yesno, 2, v->active ? 1 : 0);
	form.focus = edit ? ui_form_find(&form, "name") : 0;
	if (ui_form_run(c, &form)) {
		if (select_login(c, s, job.saved))
			ui_message(c, false, edit ? _("Saved %s.") : _("Added %s."), job.saved);
		else
			ui_message(c, false, _("Saved %s (not in the current list)."), job.saved);
	} else {
		ui_message(c, false, "%s", _("Cancelled."));
		ui_list_reload(&s->list, c);
	}
	ui_form_free(&form);
	staff_free(&job.base);
	free(job.saved);
}

static void
do_toggle(ui_ctx *c, spane *s)
{
	sd_staff before, after;
	char question[512], *clean;
	sd_err err;

	if (!ui_list_selection(&s->list, c, true, _("No one selected.")))
		return;
	sd_err_clear(&err);
	if (staff_get(c->st, s->det.login, &before, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return;
	}
	clean = text_sanitize(before.login, false);
	snprintf(question, sizeof question,
	         before.active ? _("Deactivate %s? They keep their history but may change nothing. (y/n)")
	                       : _("Activate %s again? (y/n)"), clean);
	if (!ui_confirm(c, question)) {
		ui_message(c, false, "%s", _("Cancelled."));
		goto out;
	}
	after = before;
	after.active = !before.active;
	sd_err_clear(&err);
	if (staff_edit(c->st, &before, &after, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, after.active ? _("%s is active again.") : _("%s deactivated."),
		           clean);
out:
	free(clean);
	staff_free(&before);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

/* ---------------------------------------------------------------- pane */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	(void)priv;
	if (c->user_role != ROLE_SUPERVISOR || !c->user_active)
		buf_puts(b, _("read-only: only a supervisor changes the staff list"));
	else
		buf_puts(b, _("by login"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_staff),
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
	spane *s = priv;

	ui_list_init(&s->list, &list_ops, s);
	for (int i = 0; i < ROLE_COUNT; i++)
		s->roles[i] = staff_role_name(i);
	s->yesno[0] = _("no");
	s->yesno[1] = _("yes");
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	spane *s = priv;

	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	spane *s = priv;
	int act = ui_key_action(staff_keys, SD_ARRAY_LEN(staff_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_ADD:
	case ACT_EDIT:
		if (ui_permitted(c, ACT_STAFF_CHANGE))
			do_member(c, s, act == ACT_EDIT);
		break;
	case ACT_TOGGLE:
		if (ui_permitted(c, ACT_STAFF_CHANGE))
			do_toggle(c, s);
		break;
	default:
		return false;
	}
	return true;
}

static bool
pane_record(ui_ctx *c, void *priv, const char **table, buf *key)
{
	(void)c;
	return ui_history_selected(priv, "staff", table, key);
}

const ui_pane_ops ui_staff_pane = {
	.name = N_("Staff"),
	.priv_size = sizeof(spane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = staff_keys,
	.nkeys = SD_ARRAY_LEN(staff_keys),
	.record = pane_record,
};
