/*
 * ui-stock.c — the spare-parts store pane (备件库): a list that pages
 * through the parts by part number (only a window of rows around the screen
 * is held) with a text mark for low stock and inactive parts, the selected
 * part in full with its stock value, the suggested order and its newest
 * movements, a filter for low stock and incremental search, and the actions
 * add/edit part, receive, issue to a ledger entry, return from one, adjust
 * and record an order; and the stocktake (盘点): start one, count the selected
 * part, review the differences and post them.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "buf.h"
#include "money.h"
#include "staff.h"
#include "stock.h"
#include "stocktake.h"
#include "store.h"
#include "text.h"
#include "ui-pane.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui-textview.h"

/* movements shown in the detail */
#define HISTORY_SHOWN 20

enum {
	ACT_SEARCH = UI_LIST_ACTIONS, ACT_LOW, ACT_RELOAD, ACT_ADD, ACT_EDIT, ACT_RECEIVE,
	ACT_ISSUE, ACT_RETURN, ACT_ADJUST, ACT_ORDER, ACT_ST_START, ACT_ST_COUNT, ACT_ST_REVIEW,
	ACT_ST_POST
};

static const ui_keydef stock_keys[] = {
	{ ACT_RECEIVE, { 'i', UI_FK(KEY_F(5)) }, "F5, i", N_("Receive"),
	  N_("receive the selected part into the store (quantity, unit cost)") },
	{ ACT_ISSUE, { 'o', UI_FK(KEY_F(7)) }, "F7, o", N_("Issue"),
	  N_("issue the selected part to a ledger entry") },
	{ ACT_RETURN, { 'b', UI_FK(KEY_F(8)) }, "F8, b", NULL,
	  N_("take the selected part back from a ledger entry") },
	{ ACT_ADJUST, { 'd', UI_FK(KEY_F(9)) }, "F9, d", N_("Adjust"),
	  N_("adjust the stock of the selected part (signed quantity, reason)") },
	{ ACT_ORDER, { 'p' }, "p", NULL,
	  N_("record an order placed for the selected part (negative cancels)") },
	{ ACT_ST_START, { 't' }, "t", NULL,
	  N_("start a stocktake (snapshot of the stock; blind: no expected figures)") },
	{ ACT_ST_COUNT, { 'c' }, "c", N_("Count"),
	  N_("record the counted quantity of the selected part in the open stocktake") },
	{ ACT_ST_REVIEW, { 'v' }, "v", NULL,
	  N_("review the differences of the open stocktake") },
	{ ACT_ST_POST, { 'P' }, "P", NULL,
	  N_("post the differences of the open stocktake as count movements") },
	{ ACT_ADD, { 'a', UI_FK(KEY_F(2)) }, "F2, a", N_("New part"), N_("add a part") },
	{ ACT_EDIT, { 'e', UI_FK(KEY_F(4)) }, "F4, e", N_("Edit"), N_("edit the selected part") },
	{ ACT_LOW, { 'l' }, "l", N_("Low"), N_("show only parts at or below their reorder point") },
	{ ACT_SEARCH, { '/' }, "/", N_("Search"),
	  N_("search part numbers and names (Esc clears)") },
	UI_LIST_KEYS(N_("previous part"), N_("next part"), N_("first part"), N_("last part")),
	{ ACT_RELOAD, { 'r' }, "r", NULL, N_("reload the list") },
};

/* a movement as held for the detail */
typedef struct move_info {
	sd_move m;              /* who, regno, reason point to the strings below */
	char *who, *regno, *reason;
} move_info;

typedef struct spane {
	ui_list list;           /* the parts: a window of rows of sd_stock_row */
	char *search;           /* owned; NULL for all */
	bool low_only;
	/* the selected part in full, loaded when the selection changes */
	sd_part det;
	bool have_det;
	long to_order;
	move_info *mv;
	size_t nmv;
	/* the selected part in the open stocktake (st_id 0: none open) */
	long long st_id;
	bool st_line;            /* the part is in its snapshot */
	long st_expected;
	bool st_counted_set;
	long st_counted;
	const char *yesno[2];
} spane;

_Static_assert(offsetof(spane, list) == 0, "the list comes first");

/* ---------------------------------------------------------------- paging */

static int
fetch_rows(ui_ctx *c, void *owner, enum sd_page_from from, const void *anchor, int limit,
           void *rows, int *n, sd_err *err)
{
	spane *s = owner;
	sd_stock_query q = { .search = s->search, .low_only = s->low_only, .include_inactive = true };

	return stock_page(c->st, &q, from, anchor, limit, rows, n, err);
}

static void
free_row(void *row)
{
	stock_row_free(row);
}

static const char *
row_ident(const void *rowp, char *scratch, size_t size)
{
	const sd_stock_row *row = rowp;

	(void)scratch;
	(void)size;
	return row->part_no ? row->part_no : "";
}

static void
drop_detail(void *owner)
{
	spane *s = owner;

	if (s->have_det)
		stock_part_free(&s->det);
	memset(&s->det, 0, sizeof s->det);
	s->have_det = false;
	for (size_t i = 0; i < s->nmv; i++) {
		free(s->mv[i].who);
		free(s->mv[i].regno);
		free(s->mv[i].reason);
	}
	free(s->mv);
	s->mv = NULL;
	s->nmv = 0;
	s->st_id = 0;
	s->st_line = false;
	s->list.dscroll = 0;
}

/* The open (not posted) stocktake: its number, or 0 if none is open. */
static long long
open_stocktake(ui_ctx *c)
{
	sd_stocktake h;
	sd_err err;

	sd_err_clear(&err);
	if (stocktake_get(c->st, 0, &h, &err) != SD_OK || h.posted)
		return 0;
	return h.id;
}

/* The selected part's line in the open stocktake into s->st_*. */
static void
load_count(ui_ctx *c, spane *s, const char *part_no)
{
	sqlite3_stmt *q;
	sd_err err;

	s->st_line = false;
	if (!(s->st_id = open_stocktake(c)))
		return;
	sd_err_clear(&err);
	q = store_prepare(c->st, "SELECT l.expected, l.counted FROM stocktake_line l"
	                  " JOIN part p ON p.id = l.part_id"
	                  " WHERE l.stocktake_id = ? AND p.part_no = ?", &err);
	if (!q)
		return;
	sqlite3_bind_int64(q, 1, s->st_id);
	sqlite3_bind_text(q, 2, part_no, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW) {
		s->st_line = true;
		s->st_expected = (long)sqlite3_column_int64(q, 0);
		s->st_counted_set = sqlite3_column_type(q, 1) != SQLITE_NULL;
		s->st_counted = (long)sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
}

static const char *
sel_part(const spane *s)
{
	const sd_stock_row *row = ui_list_selected(&s->list);
	return row && row->part_no ? row->part_no : "";
}

/* Load the list around part_no and select it; false if it is not in the list. */
static bool
select_part(ui_ctx *c, spane *s, const char *part_no)
{
	sd_stock_row anchor;

	memset(&anchor, 0, sizeof anchor);
	anchor.part_no = (char *)part_no;
	snprintf(anchor.key_text, sizeof anchor.key_text, "%s", part_no);
	return ui_list_find_at(&s->list, c, &anchor, part_no);
}

/* ---------------------------------------------------------------- list */

enum { COL_MARK, COL_PARTNO, COL_NAME, COL_SPEC, COL_ONHAND, COL_UNIT, COL_ONORDER,
       COL_LOCATION, COL_N };

static const char *const heads[COL_N] = {
	[COL_MARK] = N_("Mark"), [COL_PARTNO] = N_("Part no."), [COL_NAME] = N_("Name"),
	[COL_SPEC] = N_("Spec"), [COL_ONHAND] = N_("On hand"), [COL_UNIT] = N_("Unit"),
	[COL_ONORDER] = N_("Ordered"), [COL_LOCATION] = N_("Location"),
};

/* the marks in the list (text: the colour is extra) */
#define LOW_MARK N_("low")
#define INACTIVE_MARK N_("off")

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
	int w[COL_N] = { [COL_PARTNO] = 12, [COL_SPEC] = 12, [COL_LOCATION] = 8 };
	int minw[COL_N] = { [COL_NAME] = 12 };
	static const int drop_order[] = { COL_LOCATION, COL_SPEC, COL_ONORDER, COL_UNIT };
	bool on[COL_N];
	int extra, mark;

	(void)owner;
	mark = text_width(_(LOW_MARK));
	if (text_width(_(INACTIVE_MARK)) > mark)
		mark = text_width(_(INACTIVE_MARK));
	w[COL_MARK] = head_width(COL_MARK, mark < 1 ? 1 : mark, 6);
	w[COL_ONHAND] = head_width(COL_ONHAND, 5, 8);
	w[COL_UNIT] = head_width(COL_UNIT, 4, 6);
	w[COL_ONORDER] = head_width(COL_ONORDER, 5, 8);
	w[COL_LOCATION] = head_width(COL_LOCATION, 8, 10);
	extra = ui_cols_fit(COL_N, w, minw, drop_order, SD_ARRAY_LEN(drop_order), width, on);
	w[COL_NAME] = minw[COL_NAME];
	if (on[COL_SPEC]) {
		int give = extra / 3 < 8 ? extra / 3 : 8;
		w[COL_SPEC] += give;
		extra -= give;
	}
	w[COL_NAME] += extra;
	ui_cols_place(L, COL_N, w, on);
	L->right = (1u << COL_ONHAND) | (1u << COL_ONORDER);
}

static const char *
empty_text(void *owner)
{
	const spane *s = owner;

	if (s->search || s->low_only)
		return _("(no parts match)");
	return _("(no parts yet: press a or F2 to add one)");
}

static void
draw_row(void *owner, const void *rowp, bool selected, int y, ui_rect r, const ui_cols *L)
{
	const sd_stock_row *row = rowp;
	int st = selected ? UI_S_SELECTED : UI_S_NORMAL;
	int rowst = !selected && !row->active ? UI_S_VOID : st;
	char onhand[24], onorder[24];
	const char *mark = !row->active ? _(INACTIVE_MARK) : row->low ? _(LOW_MARK) : "";

	(void)owner;
	ui_put(y, r.x, r.w, rowst, "");
	snprintf(onhand, sizeof onhand, "%ld", row->on_hand);
	snprintf(onorder, sizeof onorder, "%ld", row->on_order);
	ui_cols_cell(L, r, y, COL_MARK, !selected && row->low && row->active ? UI_S_URGENT : rowst,
	             mark);
	ui_cols_cell(L, r, y, COL_PARTNO, rowst, row->part_no);
	ui_cols_cell(L, r, y, COL_NAME, rowst, row->name);
	ui_cols_cell(L, r, y, COL_SPEC, rowst, row->spec);
	ui_cols_cell(L, r, y, COL_ONHAND, rowst, onhand);
	ui_cols_cell(L, r, y, COL_UNIT, rowst, row->unit);
	ui_cols_cell(L, r, y, COL_ONORDER, rowst, onorder);
	ui_cols_cell(L, r, y, COL_LOCATION, rowst, row->location);
}

/* ---------------------------------------------------------------- detail */

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
collect_move(const sd_move *m, void *arg)
{
	spane *s = arg;
	move_info *mi;

	s->mv = xrealloc(s->mv, (s->nmv + 1) * sizeof *s->mv);
	mi = &s->mv[s->nmv++];
	mi->m = *m;
	mi->who = dup_or_null(m->who);
	mi->regno = dup_or_null(m->regno);
	mi->reason = dup_or_null(m->reason);
	mi->m.who = mi->who;
	mi->m.regno = mi->regno;
	mi->m.reason = mi->reason;
	return 0;
}

static bool
load_detail(ui_ctx *c, void *owner)
{
	spane *s = owner;
	const char *part_no = sel_part(s);
	sd_err err;
	int n = 0;

	if (!*part_no) {
		drop_detail(s);
		return false;
	}
	if (s->have_det && strcmp(s->det.part_no, part_no) == 0)
		return true;
	drop_detail(s);
	sd_err_clear(&err);
	if (stock_part_get(c->st, part_no, &s->det, &err) != SD_OK) {
		stock_part_free(&s->det);
		memset(&s->det, 0, sizeof s->det);
		ui_message(c, true, "%s", err.msg);
		return false;
	}
	s->have_det = true;
	s->to_order = stock_to_order(s->det.on_hand, s->det.on_order, s->det.reorder_point,
	                             s->det.reorder_qty);
	sd_err_clear(&err);
	if (stock_history(c->st, part_no, 0, HISTORY_SHOWN, collect_move, s, &n, &err) != SD_OK
	    && err.msg[0])
		ui_message(c, true, "%s", err.msg);
	load_count(c, s, part_no);
	return true;
}

static void
build_detail(const void *owner, int width, ui_dlines *d)
{
	const spane *s = owner;
	const sd_part *p = &s->det;
	const char *const labels[] = {
		_("Part no."), _("Name"), _("Spec"), _("Unit"), _("Brand"), _("Location"),
		_("Reorder point"), _("Order qty"), _("In use"), _("On hand"), _("On order"),
		_("Average cost"), _("Stock value"), _("Suggested order"),
	};
	int lw = ui_dl_label_width(labels, SD_ARRAY_LEN(labels), width);
	char m[32];
	buf b = { 0 };

	ui_dl_field(d, lw, width, labels[0], p->part_no);
	ui_dl_field(d, lw, width, labels[1], p->name);
	ui_dl_field(d, lw, width, labels[2], p->spec);
	ui_dl_field(d, lw, width, labels[3], p->unit);
	ui_dl_field(d, lw, width, labels[4], p->brand);
	ui_dl_field(d, lw, width, labels[5], p->location);
	buf_printf(&b, "%ld", p->reorder_point);
	ui_dl_field(d, lw, width, labels[6], buf_str(&b));
	buf_reset(&b);
	buf_printf(&b, "%ld", p->reorder_qty);
	ui_dl_field(d, lw, width, labels[7], buf_str(&b));
	ui_dl_field(d, lw, width, labels[8], p->active ? _("yes") : _("no"));
	buf_reset(&b);
	buf_printf(&b, "%ld %s", p->on_hand, p->unit ? p->unit : "");
	if (p->active && p->on_hand <= p->reorder_point)
		buf_printf(&b, "%s%s%s", text_paren_open(), _("low"), text_paren_close());
	ui_dl_field(d, lw, width, labels[9], buf_str(&b));
	buf_reset(&b);
	buf_printf(&b, "%ld", p->on_order);
	ui_dl_field(d, lw, width, labels[10], buf_str(&b));
	money_format(p->avg_cost_fen, m);
	ui_dl_field(d, lw, width, labels[11], m);
	money_format(p->avg_cost_fen * (int64_t)p->on_hand, m);
	ui_dl_field(d, lw, width, labels[12], m);
	buf_reset(&b);
	buf_printf(&b, "%ld", s->to_order);
	ui_dl_field(d, lw, width, labels[13], buf_str(&b));
	if (s->st_id) {
		char label[64];

		snprintf(label, sizeof label, _("Stocktake %lld"), s->st_id);
		buf_reset(&b);
		if (!s->st_line)
			buf_puts(&b, _("not in this stocktake"));
		else if (s->st_counted_set)
			buf_printf(&b, _("counted %ld (expected %ld)"), s->st_counted, s->st_expected);
		else
			buf_printf(&b, _("not counted yet (expected %ld)"), s->st_expected);
		ui_dl_field(d, lw, width, label, buf_str(&b));
	}

	buf_reset(&b);
	buf_printf(&b, _("Movements (newest %d)"), HISTORY_SHOWN);
	ui_dl_heading(d, buf_str(&b));
	if (s->nmv == 0)
		ui_dl_add(d, xstrdup(_("(none yet)")), UI_S_NORMAL);
	for (size_t i = 0; i < s->nmv; i++) {
		const sd_move *mv = &s->mv[i].m;

		buf_reset(&b);
		money_format(mv->cost_fen, m);
		buf_printf(&b, "%s %s %s %+ld @%s", mv->at, mv->who ? mv->who : "-",
		           stock_move_name(mv->kind), mv->qty, m);
		ui_dl_hang(d, width, 0, 2, buf_str(&b));
		/* the register number, balance and reason under it, wrapped, never cut off */
		buf_reset(&b);
		if (mv->regno) {
			buf_printf(&b, _("reg. no. %s"), mv->regno);
			buf_puts(&b, ui_sep_item());
		}
		buf_printf(&b, _("balance %ld"), mv->balance);
		if (mv->reason && *mv->reason) {
			buf_puts(&b, ui_sep_item());
			buf_printf(&b, _("reason: %s"), mv->reason);
		}
		ui_dl_hang(d, width, 2, 2, buf_str(&b));
	}
	buf_free(&b);
}

/* ---------------------------------------------------------------- forms */

enum { FORM_PART, FORM_RECEIVE, FORM_ISSUE, FORM_RETURN, FORM_ADJUST, FORM_ORDER };

typedef struct form_job {
	ui_ctx *c;
	spane *s;
	int kind;
	bool edit;
	sd_part base;           /* the part as loaded (edit) */
	char *part_no;          /* the part moved */
	char *saved;            /* the part number saved */
	long qty;
	char *regno;
} form_job;

static char *
or_null(char *s)
{
	if (s && !*s) {
		free(s);
		return NULL;
	}
	return s;
}

/* a whole number in field code (signed if sign); SD_OK or the refusal on the form */
static int
whole_field(ui_form *form, const char *code, const char *label, bool sign, bool zero_ok,
            long *out)
{
	char *t = ui_form_text(form, code);
	char *end;
	long x = 0;
	char msg[256];
	const char *p = t;

	if (*p == '+' || (sign && *p == '-'))
		p++;
	errno = 0;
	if (*p >= '0' && *p <= '9')
		x = strtol(t, &end, 10);
	if (!(*p >= '0' && *p <= '9') || errno || *end || x > LONG_MAX / 1000
	    || x < -(LONG_MAX / 1000)) {
		snprintf(msg, sizeof msg, _("%s: %s"), label, _("a whole number expected"));
		free(t);
		return ui_form_fail(form, code, msg);
	}
	free(t);
	if (!zero_ok && x == 0) {
		snprintf(msg, sizeof msg, _("%s: %s"), label, _("not 0"));
		return ui_form_fail(form, code, msg);
	}
	if (!sign && !zero_ok && x < 0) {
		snprintf(msg, sizeof msg, _("%s: %s"), label, _("more than 0 expected"));
		return ui_form_fail(form, code, msg);
	}
	*out = x;
	return SD_OK;
}

static int
save_part(ui_form *form, form_job *job)
{
	sd_part p;
	sd_err err;
	int rc;
	long rp = 0, rq = 0;

	memset(&p, 0, sizeof p);
	p.part_no = ui_form_text(form, "part_no");
	if (!*p.part_no) {
		stock_part_free(&p);
		return ui_form_fail(form, "part_no", _("part number: required"));
	}
	if (job->edit && strcmp(p.part_no, job->base.part_no) != 0) {
		stock_part_free(&p);
		return ui_form_fail(form, "part_no", _("part number: cannot be changed"));
	}
	if (!job->edit) {
		sd_part old;
		sd_err_clear(&err);
		memset(&old, 0, sizeof old);
		if (stock_part_get(job->c->st, p.part_no, &old, &err) == SD_OK) {
			stock_part_free(&old);
			stock_part_free(&p);
			return ui_form_fail(form, "part_no",
			                    _("part number: a part of this number exists (edit it with e)"));
		}
		stock_part_free(&old);
	}
	if (whole_field(form, "reorder_point", _("reorder point"), false, true, &rp) != SD_OK
	    || whole_field(form, "reorder_qty", _("order quantity"), false, true, &rq) != SD_OK) {
		stock_part_free(&p);
		return SD_DATAERR;
	}
	p.name = ui_form_text(form, "name");
	p.spec = or_null(ui_form_text(form, "spec"));
	p.unit = or_null(ui_form_text(form, "unit"));
	p.brand = or_null(ui_form_text(form, "brand"));
	p.location = or_null(ui_form_text(form, "location"));
	p.reorder_point = rp;
	p.reorder_qty = rq;
	p.active = ui_form_choice(form, "active") == 1;
	p.version = job->edit ? job->base.version : 0;
	if (!job->edit) {
		char *cost = ui_form_text(form, "cost");
		int64_t fen = 0;
		if (*cost && (!money_parse(cost, &fen) || fen < 0)) {
			free(cost);
			stock_part_free(&p);
			return ui_form_fail(form, "cost",
			                    _("unit cost: yuan expected, at most two decimals"));
		}
		free(cost);
		p.avg_cost_fen = fen;
	}
	sd_err_clear(&err);
	rc = stock_part_put(job->c->st, &p, &err);
	if (rc == SD_OK)
		job->saved = xstrdup(p.part_no);
	stock_part_free(&p);
	return rc == SD_OK ? SD_OK : ui_form_fail(form, NULL, err.msg);
}

static int
save_move(ui_form *form, form_job *job)
{
	sd_err err;
	long qty = 0, available = -1;
	char *reason = NULL, *regno = NULL;
	int rc;

	switch (job->kind) {
	case FORM_ADJUST:
	case FORM_ORDER:
		rc = whole_field(form, "qty", _("quantity"), true, false, &qty);
		break;
	default:
		rc = whole_field(form, "qty", _("quantity"), false, false, &qty);
	}
	if (rc != SD_OK)
		return rc;
	if (ui_form_find(form, "reason") != (size_t)-1)
		reason = or_null(ui_form_text(form, "reason"));
	if (ui_form_find(form, "regno") != (size_t)-1) {
		regno = ui_form_text(form, "regno");
		if (!*regno) {
			free(regno);
			free(reason);
			return ui_form_fail(form, "regno", _("register number: required"));
		}
	}
	if (job->kind == FORM_ADJUST && !reason)
		return ui_form_fail(form, "reason", _("reason: required for an adjustment"));
	sd_err_clear(&err);
	switch (job->kind) {
	case FORM_RECEIVE: {
		char *cost = ui_form_text(form, "cost");
		int64_t fen = -1;
		if (*cost && (!money_parse(cost, &fen) || fen < 0)) {
			free(cost);
			free(reason);
			return ui_form_fail(form, "cost",
			                    _("unit cost: yuan expected, at most two decimals"));
		}
		free(cost);
		rc = stock_receive(job->c->st, job->part_no, qty, fen, reason, NULL, &err);
		break;
	}
	case FORM_ISSUE:
		rc = stock_issue(job->c->st, job->part_no, qty, regno, reason, &available, NULL, &err);
		break;
	case FORM_RETURN:
		rc = stock_return_from(job->c->st, job->part_no, qty, regno, reason, NULL, &err);
		break;
	case FORM_ADJUST:
		rc = stock_adjust(job->c->st, job->part_no, qty, reason, NULL, &err);
		break;
	default:
		rc = stock_order(job->c->st, job->part_no, qty, &err);
	}
	free(reason);
	if (rc != SD_OK) {
		free(regno);
		/* a quantity refused (only N available): the cursor goes to it */
		return ui_form_fail(form, (available >= 0 && qty > available)
		                    || job->kind == FORM_ADJUST ? "qty" : NULL,
		                    err.msg[0] ? err.msg : _("not saved"));
	}
	job->qty = qty;
	job->regno = regno;
	return SD_OK;
}

static int
form_save(ui_form *form, void *arg)
{
	form_job *job = arg;

	return job->kind == FORM_PART ? save_part(form, job) : save_move(form, job);
}

static void
job_free(form_job *job)
{
	if (job->base.part_no)
		stock_part_free(&job->base);
	free(job->part_no);
	free(job->saved);
	free(job->regno);
}

static bool
run_form(ui_ctx *c, ui_form *form)
{
	bool saved = ui_form_run(c, form);

	ui_form_free(form);
	if (!saved)
		ui_message(c, false, "%s", _("Cancelled."));
	return saved;
}

static bool
fresh_detail(ui_ctx *c, spane *s)
{
	return ui_list_selection(&s->list, c, true, _("No part selected."));
}

static void
do_part(ui_ctx *c, spane *s, bool edit)
{
	ui_form form;
	form_job job;
	char title[256], rp[24], rq[24];
	sd_part blank;
	const sd_part *v;

	memset(&job, 0, sizeof job);
	memset(&blank, 0, sizeof blank);
	job.c = c;
	job.s = s;
	job.kind = FORM_PART;
	job.edit = edit;
	if (edit) {
		sd_err err;
		if (!fresh_detail(c, s))
			return;
		sd_err_clear(&err);
		if (stock_part_get(c->st, s->det.part_no, &job.base, &err) != SD_OK) {
			stock_part_free(&job.base);
			memset(&job.base, 0, sizeof job.base);
			ui_message(c, true, "%s", err.msg);
			return;
		}
		v = &job.base;
		char *clean = text_sanitize(v->part_no, false);
		snprintf(title, sizeof title, _("Edit part %s"), clean);
		free(clean);
	} else {
		blank.active = true;
		v = &blank;
		snprintf(title, sizeof title, "%s", _("Add a part"));
	}
	snprintf(rp, sizeof rp, "%ld", v->reorder_point);
	snprintf(rq, sizeof rq, "%ld", v->reorder_qty);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "part_no", _("Part no."), v->part_no);
	ui_form_add_text(&form, "name", _("Name"), v->name);
	ui_form_add_text(&form, "spec", _("Spec"), v->spec);
	/* empty: the store's default unit */
	ui_form_add_text(&form, "unit", _("Unit"), v->unit);
	ui_form_add_text(&form, "brand", _("Brand"), v->brand);
	ui_form_add_text(&form, "location", _("Location"), v->location);
	ui_form_add_text(&form, "reorder_point", _("Reorder point"), rp);
	ui_form_add_text(&form, "reorder_qty", _("Order qty"), rq);
	ui_form_add_choice(&form, "active", _("In use"), s->yesno, 2, v->active ? 1 : 0);
	if (!edit)
		ui_form_add_text(&form, "cost", _("Opening cost (yuan)"), "");
	form.focus = edit ? ui_form_find(&form, "name") : 0;
	if (run_form(c, &form)) {
		if (select_part(c, s, job.saved))
			ui_message(c, false, edit ? _("Saved %s.") : _("Added %s."), job.saved);
		else
			ui_message(c, false, _("Saved %s (not in the current list)."), job.saved);
	} else {
		ui_list_reload(&s->list, c);
	}
	job_free(&job);
}

static void
do_move(ui_ctx *c, spane *s, int kind)
{
	ui_form form;
	form_job job;
	char title[256], *clean;

	if (!fresh_detail(c, s))
		return;
	memset(&job, 0, sizeof job);
	job.c = c;
	job.s = s;
	job.kind = kind;
	job.part_no = xstrdup(s->det.part_no);
	clean = text_sanitize(job.part_no, false);
	switch (kind) {
	case FORM_RECEIVE:
		snprintf(title, sizeof title, _("Receive %s"), clean);
		break;
	case FORM_ISSUE:
		snprintf(title, sizeof title, _("Issue %s to a ledger entry"), clean);
		break;
	case FORM_RETURN:
		snprintf(title, sizeof title, _("Return %s from a ledger entry"), clean);
		break;
	case FORM_ADJUST:
		snprintf(title, sizeof title, _("Adjust %s"), clean);
		break;
	default:
		snprintf(title, sizeof title, _("Order %s"), clean);
	}
	free(clean);
	ui_form_init(&form, title);
	form.save = form_save;
	form.arg = &job;
	ui_form_add_text(&form, "qty", kind == FORM_ADJUST || kind == FORM_ORDER
	                 ? _("Quantity (+/-)") : _("Quantity"), "");
	if (kind == FORM_RECEIVE)
		ui_form_add_text(&form, "cost", _("Unit cost (yuan)"), "");
	if (kind == FORM_ISSUE || kind == FORM_RETURN)
		ui_form_add_text(&form, "regno", _("Register no."), "");
	if (kind != FORM_ORDER)
		ui_form_add_text(&form, "reason", kind == FORM_ADJUST ? _("Reason") : _("Note"), "");
	if (run_form(c, &form)) {
		switch (kind) {
		case FORM_RECEIVE:
			ui_message(c, false, _("Received %ld of %s."), job.qty, job.part_no);
			break;
		case FORM_ISSUE:
			ui_message(c, false, _("Issued %ld of %s to %s."), job.qty, job.part_no,
			           job.regno);
			break;
		case FORM_RETURN:
			ui_message(c, false, _("Returned %ld of %s from %s."), job.qty, job.part_no,
			           job.regno);
			break;
		case FORM_ADJUST:
			ui_message(c, false, _("Adjusted %s by %+ld."), job.part_no, job.qty);
			break;
		default:
			ui_message(c, false, _("Order of %+ld recorded for %s."), job.qty, job.part_no);
		}
	}
	ui_list_reload(&s->list, c);
	job_free(&job);
}

/* ---------------------------------------------------------------- stocktake */

/* The open stocktake's number, or 0 with the reason on the status line. */
static long long
need_open(ui_ctx *c)
{
	long long id = open_stocktake(c);

	if (!id)
		ui_message(c, true, "%s", _("No stocktake is open (t starts one)."));
	return id;
}

static void
do_st_start(ui_ctx *c, spane *s)
{
	long long id = open_stocktake(c);
	bool blind;
	int k;
	sd_err err;

	if (id) {
		ui_message(c, true, _("Stocktake %lld is open: post it first."), id);
		return;
	}
	/* y and n answer; any other key cancels, as with every other question */
	k = ui_ask_key(c, _("Blind count (the sheet shows no expected quantities)? "
	                    "(y: blind, n: with expected quantities, any other key cancels)"));
	if (k != 'y' && k != 'Y' && k != 'n' && k != 'N') {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	blind = k == 'y' || k == 'Y';
	sd_err_clear(&err);
	if (stocktake_start(c->st, blind, &id, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg[0] ? err.msg : _("not saved"));
		return;
	}
	ui_message(c, false, blind ? _("Stocktake %lld started (blind).")
	           : _("Stocktake %lld started."), id);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

static void
do_st_count(ui_ctx *c, spane *s)
{
	long long id;
	char label[256], initial[24], *part_no, *clean, *text = NULL, *end;
	long qty;
	sd_err err;

	if (!(id = need_open(c)) || !fresh_detail(c, s))
		return;
	part_no = xstrdup(s->det.part_no);
	clean = text_sanitize(part_no, false);
	snprintf(label, sizeof label, _("Counted quantity of %s: "), clean);
	free(clean);
	initial[0] = '\0';
	if (s->st_id == id && s->st_line && s->st_counted_set)
		snprintf(initial, sizeof initial, "%ld", s->st_counted);
	if (!ui_prompt(c, label, initial, NULL, NULL, &text)) {
		ui_message(c, false, "%s", _("Cancelled."));
		free(part_no);
		return;
	}
	errno = 0;
	qty = text[0] >= '0' && text[0] <= '9' ? strtol(text, &end, 10) : -1;
	if (qty < 0 || errno || *end || qty > LONG_MAX / 1000) {
		ui_message(c, true, _("%s: %s"), _("counted quantity"),
		           _("a whole number (0 or more) expected"));
	} else {
		sd_err_clear(&err);
		if (stocktake_count(c->st, id, part_no, qty, &err) != SD_OK)
			ui_message(c, true, "%s", err.msg[0] ? err.msg : _("not saved"));
		else
			ui_message(c, false, _("Counted %ld of %s."), qty, part_no);
	}
	free(text);
	free(part_no);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

struct review {
	buf b;
	long n;
};

static void
review_cell(buf *b, const char *s, int cells)
{
	char cell[256];

	text_fit(cell, sizeof cell, s ? s : "", cells, true);
	buf_puts(b, cell);
}

static int
review_line(const sd_stocktake_line *l, void *arg)
{
	struct review *r = arg;
	char num[4][24];

	snprintf(num[0], sizeof num[0], "%10ld", l->expected);
	snprintf(num[1], sizeof num[1], "%10ld", l->counted);
	snprintf(num[2], sizeof num[2], "%12ld", l->moved);
	snprintf(num[3], sizeof num[3], "%+11ld", l->diff);
	review_cell(&r->b, l->part_no, 14);
	buf_putc(&r->b, ' ');
	review_cell(&r->b, l->name, 16);
	buf_printf(&r->b, "%s%s%s%s\n", num[0], num[1], num[2], num[3]);
	r->n++;
	return SD_OK;
}

static void
do_st_review(ui_ctx *c)
{
	struct review r = { { 0 }, 0 };
	char title[128], head[4][64];
	long long id;
	sd_err err;

	if (!(id = need_open(c)))
		return;
	review_cell(&r.b, _("Part no."), 14);
	buf_putc(&r.b, ' ');
	review_cell(&r.b, _("Name"), 16);
	text_fit(head[0], sizeof head[0], _("Expected"), 9, false);
	text_fit(head[1], sizeof head[1], _("Counted"), 9, false);
	text_fit(head[2], sizeof head[2], _("Moved since"), 11, false);
	text_fit(head[3], sizeof head[3], _("Difference"), 10, false);
	for (int i = 0; i < 4; i++) {
		int pad = (i == 2 ? 12 : i == 3 ? 11 : 10) - text_width(head[i]);
		buf_printf(&r.b, "%*s%s", pad > 0 ? pad : 0, "", head[i]);
	}
	buf_putc(&r.b, '\n');
	sd_err_clear(&err);
	if (stocktake_lines(c->st, id, true, review_line, &r, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg);
		buf_free(&r.b);
		return;
	}
	if (r.n == 0)
		buf_printf(&r.b, "%s\n", _("(no differences among the counted parts)"));
	snprintf(title, sizeof title, _("Stocktake %lld: differences (%ld)"), id, r.n);
	ui_textview_run(c, title, buf_str(&r.b));
	buf_free(&r.b);
	c->redraw_all = true;
}

static void
do_st_post(ui_ctx *c, spane *s)
{
	char question[256];
	long long id;
	sd_err err;

	if (!(id = need_open(c)))
		return;
	snprintf(question, sizeof question,
	         _("Post stocktake %lld? Its differences become count movements. (y/n)"), id);
	if (!ui_confirm(c, question)) {
		ui_message(c, false, "%s", _("Cancelled."));
		return;
	}
	sd_err_clear(&err);
	if (stocktake_post(c->st, id, &err) != SD_OK) {
		ui_message(c, true, "%s", err.msg[0] ? err.msg : _("not posted"));
		return;
	}
	ui_message(c, false, _("Stocktake %lld posted."), id);
	drop_detail(s);
	ui_list_reload(&s->list, c);
}

/* ---------------------------------------------------------------- pane */

static void
pane_describe(ui_ctx *c, void *priv, buf *b)
{
	spane *s = priv;

	long long id = open_stocktake(c);

	if (id)
		buf_printf(b, _("stocktake %lld open; "), id);
	buf_puts(b, s->low_only ? _("low stock") : _("all"));
	if (s->search) {
		char *clean = text_sanitize(s->search, false);
		buf_printf(b, " /%s", clean);
		free(clean);
	}
	buf_puts(b, ui_sep_clause());
	buf_printf(b, "%s", _("by part number"));
}

static const ui_list_ops list_ops = {
	.row_size = sizeof(sd_stock_row),
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
	free(s->search);
	s->search = NULL;
}

static bool
pane_key(ui_ctx *c, void *priv, int key)
{
	spane *s = priv;
	int act = ui_key_action(stock_keys, SD_ARRAY_LEN(stock_keys), key);

	if (!c->detail_focus && (act == UI_LIST_HOME || act == UI_LIST_END))
		drop_detail(s);
	if (ui_list_key(&s->list, c, key, act))
		return true;
	switch (act) {
	case ACT_SEARCH:
		ui_list_search(&s->list, c, &s->search);
		break;
	case ACT_LOW:
		s->low_only = !s->low_only;
		ui_list_refilter(&s->list, c);
		break;
	case ACT_RELOAD:
		ui_list_reload(&s->list, c);
		break;
	case ACT_ADD:
		if (ui_permitted(c, ACT_PART_CHANGE))
			do_part(c, s, false);
		break;
	case ACT_EDIT:
		if (ui_permitted(c, ACT_PART_CHANGE))
			do_part(c, s, true);
		break;
	case ACT_RECEIVE:
	case ACT_ISSUE:
	case ACT_RETURN:
	case ACT_ADJUST:
	case ACT_ORDER:
		if (ui_permitted(c, ACT_STOCK_MOVE))
			do_move(c, s, act == ACT_RECEIVE ? FORM_RECEIVE : act == ACT_ISSUE ? FORM_ISSUE
			        : act == ACT_RETURN ? FORM_RETURN : act == ACT_ADJUST ? FORM_ADJUST
			        : FORM_ORDER);
		break;
	case ACT_ST_START:
	case ACT_ST_COUNT:
	case ACT_ST_REVIEW:
	case ACT_ST_POST:
		if (!ui_permitted(c, ACT_STOCK_MOVE))
			break;
		if (act == ACT_ST_START)
			do_st_start(c, s);
		else if (act == ACT_ST_COUNT)
			do_st_count(c, s);
		else if (act == ACT_ST_REVIEW)
			do_st_review(c);
		else
			do_st_post(c, s);
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
	return ui_history_selected(priv, "part", table, key);
}

const ui_pane_ops ui_stock_pane = {
	.name = N_("Stock"),
	.priv_size = sizeof(spane),
	.init = pane_init,
	.done = pane_done,
	.reload = ui_list_pane_reload,
	.draw = ui_list_pane_draw,
	.key = pane_key,
	.click = ui_list_pane_click,
	.describe = pane_describe,
	.idle = ui_list_pane_idle,
	.keys = stock_keys,
	.nkeys = SD_ARRAY_LEN(stock_keys),
	.record = pane_record,
};
