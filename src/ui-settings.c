/*
 * ui-settings.c — the site settings pane (设置): every setting servdesk
 * knows with its value (or "-" where its default is in force), the selected
 * one in full, and, for a supervisor only, edit and unset. The core checks
 * each value and the permission (setting.h); a refused change says why on
 * the status line.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "setting.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"

enum { ACT_EDIT = UI_LIST_ACTIONS, ACT_UNSET, ACT_RELOAD };

static const ui_keydef settings_keys[] = {
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"),
	  N_("change the selected setting (supervisor only)") },
	{ ACT_UNSET, { 'u', UI_FK(KEY_F(8)) }, "F8, u", N_("Default"),
	  N_("remove the selected setting's value: its default is in force (supervisor only)") },
	UI_LIST_KEYS(N_("previous setting"), N_("next setting"), N_("first setting"), N_("last setting")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

/* One row: a known setting and its stored value (NULL: unset). */
typedef struct srow {
	int i;                  /* index into setting_defs */
	char *value;
} srow;

typedef struct xpane {
	ui_list list;           /* the settings: a window of srow */
	srow det;               /* the selected setting, read again */
	bool have_det;
} xpane;

_Static_assert(offsetof(xpane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
read_value(ui_ctx *c, int i, srow *out, sd_err *err)
{
	int n;
	const sd_setting_def *d = setting_defs(&n);

	out->i = i;
	out->value = NULL;
	return store_setting_get(c->st, d[i].key, &out->value, err);
}

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rowsp, int *n, sd_err *err)
{
	const srow *a = anchor;
	srow *rows = rowsp;
	int total, first, last, rc = SD_OK;

	(void)owner;
	setting_defs(&total);
	*n = 0;
	switch (from) {
	case PAGE_FIRST:
		first = 0;
		last = limit < total ? limit : total;
		break;
	case PAGE_LAST:
		first = total - limit > 0 ? total - limit : 0;
		last = total;
		break;
	case PAGE_AFTER:
		first = a ? a->i + 1 : 0;
		last = first + limit < total ? first + limit : total;
		break;
	default:
		last = a ? a->i : 0;
		first = last - limit > 0 ? last - limit : 0;
		break;
	}
	for (int i = first; i < last && rc == SD_OK; i++)
		if ((rc = read_value(c, i, &rows[*n], err)) == SD_OK)
			(*n)++;
	if (rc != SD_OK) {
		for (int k = 0; k < *n; k++)
			free(rows[k].value);
		*n = 0;
	}
	return rc;
}

static void
free_row(void *row)
{
	srow *r = row;

	free(r->value);
	r->value = NULL;
}

static const sd_setting_def *
def_of(const srow *r)
{
	int n;
	const sd_setting_def *d = setting_defs(&n);

	return r->i >= 0 && r->i < n ? &d[r->i] : NULL;
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	const sd_setting_def *d = def_of(rowp);

	(void)scratch;
	(void)size;
	return d ? d->key : "";
}

static void
drop_detail(void *owner)
{
	xpane *s = owner;

	if (s->have_det)
		free_row(&s->det);
	memset(&s->det, 0, sizeof s->det);
	s->have_det = false;
	s->list.dscroll = 0;
}

/* ---------------------------------------------------------------- list */

enum { COL_KEY, COL_VALUE, COL_ABOUT, COL_N };

static const char *const heads[COL_N] = {
	[COL_KEY] = N_("Setting"), [COL_VALUE] = N_("Value"), [COL_ABOUT] = N_("What it does"),
};

static void
layout_columns(void *owner, int width, ui_cols *L)
{
	int w[COL_N] = { [COL_KEY] = 26, [COL_VALUE] = 16 };
	int minw[COL_N] = { [COL_ABOUT] = 10 };
	static const int drop_order[] = { COL_ABOUT };
	bool on[COL_N];
	int extra;

	(void)owner;
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_ABOUT] = minw[COL_ABOUT] + extra;
	ui_cols_place(L, COL_N, w, on);
}

static const char *
empty_text(void *owner)
{
	(void)owner;
	return _("(no settings)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const srow *row = rowp;
	const sd_setting_def *d = def_of(row);
	int st = selected ? UI_S_SELECTED : UI_S_NORMAL;

	(void)owner;
	ui_put(y, r.x, r.w, st, "");
	if (!d)
		return;
	ui_cols_cell(L, r, y, COL_KEY, st, d->key);
	ui_cols_cell(L, r, y, COL_VALUE, st, row->value ? row->value : "-");
	ui_cols_cell(L, r, y, COL_ABOUT, st, _(d->about));
}

/* ---------------------------------------------------------------- detail */

static bool
load_detail(ui_ctx *c, void *owner)
{
	xpane *s = owner;
	const srow *sel = ui_list_selected(&s->list);
	sd_err err;

	if (!sel) {
		drop_detail(s);
		return false;
	}
	drop_detail(s);
	sd_err_clear(&err);
	if (read_value(c, sel->i, &s->det, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const xpane *s = owner;
	const sd_setting_def *def = def_of(&s->det);
	const char *const labels[] = { _("Setting"), _("Value"), _("Default"), _("What it does") };
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);

	if (!def)
		return;
	ui_dl_field(d, lw, width, labels[0], def->key);
	ui_dl_field(d, lw, width, labels[1], s->det.value ? s->det.value : _("(the default)"));
	ui_dl_field(d, lw, width, labels[2], setting_default_text(def));
	ui_dl_field(d, lw, width, labels[3], _(def->about));
}

/* ---------------------------------------------------------------- changes */

typedef struct form_job {
	ui_ctx *c;
	const char *key;
} form_job;

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;
	char *v = ui_form_text(form, "value");
	sd_err err;
	int rc;

	sd_err_clear(&err);
	rc = setting_set(job->c->st, job->key, v ? v : "", &err);
	free(v);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, "value", err.msg);
}

static void
do_edit(ui_ctx *c, xpane *s)
{
	const sd_setting_def *d;
	ui_form form;
	form_job job;
	char title[256];

	if (!ui_list_selection(&s->list, c, true, _("No setting selected.")) || !(d = def_of(&s->det)))
		return;
	job.c = c;
	job.key = d->key;
	snprintf(title, sizeof title, _("Setting %s"), d->key);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "value", _("Value"), s->det.value ? s->det.value : d->dflt);
	if (ui_form_run(c, &form))
		ui_message(c, false, _("Saved %s."), d->key);
	else
		ui_message(c, false, "%s", _("Cancelled."));
	ui_form_free(&form);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

static void
do_unset(ui_ctx *c, xpane *s)
{
	const sd_setting_def *d;
	char question[256];
	sd_err err;

	if (!ui_list_selection(&s->list, c, true, _("No setting selected.")) || !(d = def_of(&s->det)))
		return;
	snprintf(question, sizeof question, _("Go back to the default of %s? (y/n)"), d->key);
	if (!ui_confirm(c, question)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	sd_err_clear(&err);
	if (setting_unset(c->st, d->key, &err) != SD_OK)
		ui_message(c, true, "%s", err.msg);
	else
		ui_message(c, false, _("%s: the default is in force."), d->key);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

/* ---------------------------------------------------------------- pane */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	(void)priv;
	if (c->user_role != ROLE_SUPERVISOR || !c->user_active)
		buf_puts(b, _("read-only: only a supervisor changes the settings"));
	else
		buf_puts(b, _("site settings"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(srow),
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
	xpane *s = priv;

	ui_list_init(&s->list, &list_ops, s);
	ui_list_load_edge(&s->list, c, false);
	return SD_OK;
}

static void
pane_done(ui_ctx *c, void *priv)
{
	xpane *s = priv;

	(void)c;
	ui_list_free(&s->list);
	drop_detail(s);
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	xpane *s = priv;
	int act = ui_key_action(settings_keys, SD_ARRAY_LEN(settings_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_EDIT:
		if (ui_permitted(c, ACT_POLICY_CHANGE))
			do_edit(c, s);
		break;
	case ACT_UNSET:
		if (ui_permitted(c, ACT_POLICY_CHANGE))
			do_unset(c, s);
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
	return ui_history_selected(priv, "setting", table, key);
}

const ui_pane_ops ui_settings_pane = {
	.name = N_("Settings"),
	.priv_size = sizeof(xpane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = settings_keys,
	.nkeys = SD_ARRAY_LEN(settings_keys),
	.record = pane_record,
};
