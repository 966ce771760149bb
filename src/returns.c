/*
 * returns.c — returns and exchanges (退换货): the numbering, the lifecycle
 * with its approval and stock sides, the lists, the 产品质量退换通知单 and the
 * month's figures. See returns.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "buf.h"
#include "common.h"
#include "complaint.h"
#include "datetime.h"
#include "doc.h"
#include "gettext.h"
#include "intake.h"
#include "ledger.h"
#include "repair.h"
#include "report.h"
#include "returns.h"
#include "staff.h"
#include "stock.h"
#include "store.h"
#include "text.h"
#include "valid.h"

/* ---------------------------------------------------------------- codes */

static const char *const kind_codes[RK_COUNT] = { "return", "exchange" };
static const char *const kind_names[RK_COUNT] = { N_("return"), N_("exchange") };
static const char *const state_codes[RTS_COUNT] = {
	"requested", "approved", "refused", "received", "closed"
};
static const char *const state_names[RTS_COUNT] = {
	N_("awaiting approval"), N_("approved"), N_("refused"), N_("carried out"), N_("closed")
};
static const char *const step_codes[RTSTEP_COUNT] = { "approve", "refuse", "receive", "close" };
static const char *const cause_codes[RC_COUNT] = {
	"quality", "wrong_delivery", "transport", "changed_mind", "other"
};
static const char *const cause_names[RC_COUNT] = {
	N_("quality defect"), N_("wrong delivery"), N_("damaged in transport"),
	N_("customer's change of mind"), N_("other cause")
};
static const char *const disp_codes[RD_COUNT] = { "restock", "repair", "scrap", "supplier" };
static const char *const disp_names[RD_COUNT] = {
	N_("back into the store"), N_("repair"), N_("scrap"), N_("return to the supplier")
};

static const char *
code_of(const char *const *codes, int n, int i)
{
	return i >= 0 && i < n ? codes[i] : "";
}

static const char *
name_of(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? _(names[i]) : "";
}

static int
parse_of(const char *const *codes, const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(s, codes[i]) == 0 || (names && strcmp(s, _(names[i])) == 0))
			return i;
	return -1;
}

const char *return_kind_code(int k) { return code_of(kind_codes, RK_COUNT, k); }
const char *return_kind_name(int k) { return name_of(kind_names, RK_COUNT, k); }
int return_kind_parse(const char *s) { return parse_of(kind_codes, kind_names, RK_COUNT, s); }
const char *return_state_code(int s) { return code_of(state_codes, RTS_COUNT, s); }
const char *return_state_name(int s) { return name_of(state_names, RTS_COUNT, s); }
int return_state_parse(const char *s) { return parse_of(state_codes, state_names, RTS_COUNT, s); }
const char *return_step_code(int step) { return code_of(step_codes, RTSTEP_COUNT, step); }
const char *return_cause_code(int c) { return code_of(cause_codes, RC_COUNT, c); }
const char *return_cause_name(int c) { return name_of(cause_names, RC_COUNT, c); }
int return_cause_parse(const char *s) { return parse_of(cause_codes, cause_names, RC_COUNT, s); }
const char *return_disp_code(int d) { return code_of(disp_codes, RD_COUNT, d); }
const char *return_disp_name(int d) { return name_of(disp_names, RD_COUNT, d); }
int return_disp_parse(const char *s) { return parse_of(disp_codes, disp_names, RD_COUNT, s); }

/* The lifecycle: to[step][from] is the new state, or -1 with the reason. */
static const struct {
	int to[RTS_COUNT];
	const char *why[RTS_COUNT];
} lifecycle[RTSTEP_COUNT] = {
	[RTSTEP_APPROVE] = {
		{ RTS_APPROVED, -1, -1, -1, -1 },
		{ NULL, N_("it is already approved"), N_("it was refused"),
		  N_("it was already carried out"), N_("it is closed") } },
	[RTSTEP_REFUSE] = {
		{ RTS_REFUSED, -1, -1, -1, -1 },
		{ NULL, N_("it is already approved"), N_("it was refused"),
		  N_("it was already carried out"), N_("it is closed") } },
	[RTSTEP_RECEIVE] = {
		{ -1, RTS_RECEIVED, -1, -1, -1 },
		{ N_("it is not approved yet: nothing is carried out before approval"), NULL,
		  N_("it was refused"), N_("it was already carried out"), N_("it is closed") } },
	[RTSTEP_CLOSE] = {
		{ -1, -1, -1, RTS_CLOSED, -1 },
		{ N_("it is not approved yet: nothing is carried out before approval"),
		  N_("the product has not been received back yet"), N_("it was refused"), NULL,
		  N_("it is closed") } },
};

int
return_next_state(int from, int step, const char **why)
{
	if (why)
		*why = NULL;
	if (step < 0 || step >= RTSTEP_COUNT || from < 0 || from >= RTS_COUNT) {
		if (why)
			*why = _("unknown state");
		return -1;
	}
	if (lifecycle[step].to[from] < 0 && why)
		*why = _(lifecycle[step].why[from]);
	return lifecycle[step].to[from];
}

void
return_format_no(char out[24], const char *month, long seq)
{
	snprintf(out, 24, "TH%.6s-%04ld", month, seq);
}

bool
return_parse_no(const char *s, char month[7], long *seq)
{
	return intake_parse_series_no(s, "TH", month, seq);
}

/* ---------------------------------------------------------------- helpers */

static int
fail(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("updating the returns and exchanges"), err);
}

static int
run(store *st, sqlite3_stmt *q, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

/* ---------------------------------------------------------------- reading */

void
return_free(sd_return *r)
{
	if (!r)
		return;
	free(r->customer);
	free(r->serial);
	free(r->part_no);
	free(r->product);
	free(r->replacement);
	free(r->cause_text);
	free(r->raised_by);
	free(r->decided_by);
	free(r->decision_note);
	free(r->received_by);
	free(r->closed_by);
	free(r->repair_no);
	free(r->close_note);
	memset(r, 0, sizeof *r);
}

#define RETURN_COLS \
	"t.id, t.thno, t.kind, r.regno, t.complaint_id, coalesce(r.customer, c.customer), t.serial, " \
	"t.part_no, coalesce((SELECT model FROM equipment WHERE serial = t.serial), " \
	"(SELECT name FROM part WHERE part_no = t.part_no)), t.qty, t.replacement, t.cause, " \
	"t.cause_text, t.state, t.version, t.raised_on, t.raised_by, t.decided_on, t.decided_by, " \
	"t.decision_note, t.received_on, t.received_by, t.closed_on, t.closed_by, t.disposition, " \
	"t.repair_no, t.close_note "
#define RETURN_FROM \
	"FROM return_order t LEFT JOIN ledger l ON l.id = t.ledger_id " \
	"LEFT JOIN request r ON r.id = l.request_id LEFT JOIN complaint c ON c.id = t.complaint_id "

static void
read_return(sqlite3_stmt *q, sd_return *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, t->thno, sizeof t->thno);
	t->kind = return_kind_parse((const char *)sqlite3_column_text(q, 2));
	store_col_copy(q, 3, t->regno, sizeof t->regno);
	t->complaint_id = sqlite3_column_int64(q, 4);
	t->customer = store_col_dup(q, 5);
	t->serial = store_col_dup(q, 6);
	t->part_no = store_col_dup(q, 7);
	t->product = store_col_dup(q, 8);
	t->qty = (long)sqlite3_column_int64(q, 9);
	t->replacement = store_col_dup(q, 10);
	t->cause = return_cause_parse((const char *)sqlite3_column_text(q, 11));
	t->cause_text = store_col_dup(q, 12);
	t->state = return_state_parse((const char *)sqlite3_column_text(q, 13));
	t->version = sqlite3_column_int(q, 14);
	store_col_copy(q, 15, t->raised_on, sizeof t->raised_on);
	t->raised_by = store_col_dup(q, 16);
	store_col_copy(q, 17, t->decided_on, sizeof t->decided_on);
	t->decided_by = store_col_dup(q, 18);
	t->decision_note = store_col_dup(q, 19);
	store_col_copy(q, 20, t->received_on, sizeof t->received_on);
	t->received_by = store_col_dup(q, 21);
	store_col_copy(q, 22, t->closed_on, sizeof t->closed_on);
	t->closed_by = store_col_dup(q, 23);
	t->disposition = sqlite3_column_type(q, 24) == SQLITE_NULL ? -1
	               : return_disp_parse((const char *)sqlite3_column_text(q, 24));
	t->repair_no = store_col_dup(q, 25);
	t->close_note = store_col_dup(q, 26);
}

int
return_get(store *st, const char *thno, sd_return *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " RETURN_COLS RETURN_FROM "WHERE t.thno = ?", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, thno ? thno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_return(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return SD_OK;
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	return sd_err_set(err, SD_DATAERR, _("no return or exchange %s"), thno ? thno : "");
}

/* The return's row as JSON (audit trail), malloc'd or NULL. */
static char *
return_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('thno', thno, 'kind', kind, 'ledger_id', ledger_id, "
		"'complaint_id', complaint_id, 'serial', serial, 'part_no', part_no, 'qty', qty, "
		"'replacement', replacement, 'cause', cause, 'cause_text', cause_text, 'state', state, "
		"'version', version, 'raised_on', raised_on, 'raised_by', raised_by, "
		"'decided_on', decided_on, 'decided_by', decided_by, 'decision_note', decision_note, "
		"'received_on', received_on, 'received_by', received_by, 'closed_on', closed_on, "
		"'closed_by', closed_by, 'disposition', disposition, 'repair_no', repair_no, "
		"'close_note', close_note) FROM return_order WHERE id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

/* ---------------------------------------------------------------- raising */

int
return_raise(store *st, const sd_return_new *n, char thno[24], sd_err *err)
{
	bool nested = false;
	char on[11], month[7], key[16], *json = NULL;
	long long ledger_id = 0, id;
	sqlite3_stmt *q;
	long seq, qty = n->qty ? n->qty : 1;
	int rc;

	sd_err_clear(err);
	thno[0] = '\0';
	if ((rc = staff_permit_self(st, ACT_RETURN_RAISE, err)) != SD_OK)
		return rc;
	if (n->kind < 0 || n->kind >= RK_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "kind", _("return or exchange"));
	if (text_blank(n->regno) && n->complaint_id <= 0)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "regno",
		                  _("required: a ledger entry or a complaint"));
	if (text_blank(n->serial) == text_blank(n->part_no))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "product",
		                  _("give either a serial number or a part number"));
	if ((rc = valid_field(n->serial, "serial", false, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = valid_field(n->part_no, "part_no", false, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = valid_field(n->replacement, "replacement", false, SD_TEXT_CODE, err)) != SD_OK ||
	    (rc = valid_field(n->cause_text, "cause_text", n->cause == RC_OTHER, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if (n->cause < 0 || n->cause >= RC_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "cause",
		                  _("one of quality, wrong_delivery, transport, changed_mind, other"));
	if (qty < 1 || qty > 9999)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "qty", _("must be 1 to 9999"));
	if (n->kind == RK_EXCHANGE && text_blank(n->part_no) && text_blank(n->replacement))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "replacement",
		                  _("required: the part of the store issued in exchange"));
	if ((rc = valid_date_on(n->on, on, "on", err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if (!text_blank(n->regno)) {
		sd_ledger l;

		if ((rc = ledger_get(st, n->regno, &l, err)) != SD_OK)
			goto fail;
		ledger_id = l.id;
		if (l.state == LS_CLOSED || l.state == LS_UNRESOLVABLE)
			/* TRANSLATORS: register number, state (closed, unresolvable). */
			rc = sd_err_set(err, SD_DATAERR, _("%s is %s; nothing more can be recorded on it"),
			                l.regno, ledger_state_name(l.state));
		ledger_free(&l);
		if (rc != SD_OK)
			goto fail;
	}
	if (n->complaint_id > 0) {
		sd_complaint c;

		if ((rc = complaint_get(st, n->complaint_id, &c, err)) != SD_OK)
			goto fail;
		if (!ledger_id && c.regno) {
			sd_ledger l;

			if (ledger_get(st, c.regno, &l, err) == SD_OK) {
				ledger_id = l.id;
				ledger_free(&l);
			}
			sd_err_clear(err);
		}
		complaint_free(&c);
	}
	{
		const char *pn[2] = { n->part_no, n->replacement };
		const char *label[2] = { "part_no", "replacement" };

		for (int i = 0; i < 2; i++) {
			sd_part p;
			sd_err e;

			if (text_blank(pn[i]))
				continue;
			if (stock_part_get(st, pn[i], &p, &e) != SD_OK) {
				rc = sd_err_set(err, SD_DATAERR, _("%s: no part %s in the store"), label[i], pn[i]);
				goto fail;
			}
			stock_part_free(&p);
		}
	}
	snprintf(month, sizeof month, "%.4s%.2s", on, on + 5);
	snprintf(key, sizeof key, "TH%s", month);
	if ((rc = intake_next_seq(st, key, &seq, err)) != SD_OK)
		goto fail;
	return_format_no(thno, month, seq);
	q = store_prepare(st,
		"INSERT INTO return_order (thno, month, seq, kind, ledger_id, complaint_id, serial, part_no, "
		"qty, replacement, cause, cause_text, state, raised_on, raised_by) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(q, 1, thno, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, seq);
	sqlite3_bind_text(q, 4, kind_codes[n->kind], -1, SQLITE_STATIC);
	if (ledger_id)
		sqlite3_bind_int64(q, 5, ledger_id);
	else
		sqlite3_bind_null(q, 5);
	if (n->complaint_id > 0)
		sqlite3_bind_int64(q, 6, n->complaint_id);
	else
		sqlite3_bind_null(q, 6);
	{
		char *serial = text_trim_or_null(n->serial), *part = text_trim_or_null(n->part_no);
		char *repl = n->kind == RK_EXCHANGE ? text_trim_or_null(n->replacement) : NULL;

		store_bind_opt_text(q, 7, serial);
		store_bind_opt_text(q, 8, part);
		store_bind_opt_text(q, 10, repl);
		free(serial);
		free(part);
		free(repl);
	}
	sqlite3_bind_int64(q, 9, qty);
	sqlite3_bind_text(q, 11, cause_codes[n->cause], -1, SQLITE_STATIC);
	store_bind_opt_text(q, 12, n->cause_text);
	sqlite3_bind_text(q, 13, on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 14, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(store_db(st));
	json = return_json(st, id);
	if ((rc = store_audit(st, "return_order", thno, "insert", NULL, json, err)) != SD_OK)
		goto fail;
	free(json);
	return store_change_commit(st, nested, err);
fail:
	store_change_rollback(st, nested);
	free(json);
	thno[0] = '\0';
	return rc ? rc : SD_INTERNAL;
}

/* ---------------------------------------------------------------- steps */

/* The unit cost the replacement of return id was issued at, or -1 (the current average). */
static int64_t
replacement_cost(store *st, long long id, const char *part_no)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT m.cost_fen FROM stock_move m JOIN part p ON p.id = m.part_id "
		"WHERE m.return_id = ? AND m.kind = 'issue' AND p.part_no = ? ORDER BY m.id DESC LIMIT 1", NULL);
	int64_t cost = -1;

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, part_no, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		cost = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return cost;
}

/* The stock side of a step, in the step's transaction. */
static int
stock_side(store *st, const sd_return *cur, int step, int disposition, sd_err *err)
{
	char note[96];

	if (step == RTSTEP_RECEIVE && cur->kind == RK_EXCHANGE) {
		const char *part = cur->replacement ? cur->replacement : cur->part_no;

		if (!cur->regno[0])
			return sd_err_set(err, SD_DATAERR,
			                  _("%s: the replacement is issued to a ledger entry, and the complaint has none"),
			                  cur->thno);
		/* TRANSLATORS: the return's number. */
		snprintf(note, sizeof note, _("exchange %s"), cur->thno);
		return stock_issue_exchange(st, part, cur->qty, cur->regno, cur->id, note, NULL, NULL, err);
	}
	if (step == RTSTEP_CLOSE && disposition == RD_RESTOCK) {
		if (!cur->part_no)
			return sd_err_set(err, SD_DATAERR,
			                  _("disposition: %s is equipment by serial number; only a part goes back into the store"),
			                  cur->serial ? cur->serial : "");
		/* TRANSLATORS: the return's number. */
		snprintf(note, sizeof note, _("returned with %s"), cur->thno);
		return stock_receive_returned(st, cur->part_no, cur->qty, replacement_cost(st, cur->id, cur->part_no),
		                              cur->id, note, NULL, err);
	}
	return SD_OK;
}

int
return_step(store *st, const char *thno, int step, const sd_return_args *a, int expected_version,
            sd_err *err)
{
	static const sd_return_args none = { .disposition = -1 };
	bool nested = false;
	sd_return cur;
	const char *why, *prev;
	char on[11], *old_json = NULL, *new_json = NULL;
	sqlite3_stmt *q = NULL;
	int to, rc;
	enum sd_action act;

	sd_err_clear(err);
	memset(&cur, 0, sizeof cur);
	if (!a)
		a = &none;
	if (step < 0 || step >= RTSTEP_COUNT)
		return sd_err_set(err, SD_INTERNAL, "return_step: %d", step);
	act = step == RTSTEP_APPROVE || step == RTSTEP_REFUSE ? ACT_RETURN_APPROVE : ACT_RETURN_CARRY;
	if ((rc = staff_permit_self(st, act, err)) != SD_OK)
		return rc;
	if ((rc = valid_date_on(a->on, on, "on", err)) != SD_OK ||
	    (rc = valid_field(a->note, "note", step == RTSTEP_REFUSE, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = valid_field(a->repair_no, "repair_no", false, SD_TEXT_CODE, err)) != SD_OK)
		return rc;
	if (step == RTSTEP_CLOSE && (a->disposition < 0 || a->disposition >= RD_COUNT))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "disposition",
		                  _("one of restock, repair, scrap, supplier"));
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = return_get(st, thno, &cur, err)) != SD_OK)
		goto fail;
	if (expected_version >= 0 && cur.version != expected_version) {
		char who[160];

		store_changed_by(st, "return_order", cur.thno, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                cur.thno, who);
		goto fail;
	}
	if ((to = return_next_state(cur.state, step, &why)) < 0) {
		rc = sd_err_set(err, SD_DATAERR, _("%s: %s"), cur.thno, why);
		goto fail;
	}
	prev = cur.received_on[0] ? cur.received_on : cur.decided_on[0] ? cur.decided_on : cur.raised_on;
	if (strcmp(on, prev) < 0) {
		/* TRANSLATORS: the date given, the date of the previous step. */
		rc = sd_err_set(err, SD_DATAERR, _("on: %s is before the previous step (%s)"), on, prev);
		goto fail;
	}
	if (step == RTSTEP_CLOSE && a->disposition == RD_REPAIR && !text_blank(a->repair_no)) {
		sd_repair r;

		if ((rc = repair_get(st, a->repair_no, &r, err)) != SD_OK) {
			rc = sd_err_set(err, SD_DATAERR, _("repair_no: no repair order %s"), a->repair_no);
			goto fail;
		}
		repair_free(&r);
	}
	old_json = return_json(st, cur.id);
	if ((rc = stock_side(st, &cur, step, a->disposition, err)) != SD_OK)
		goto fail;
	switch (step) {
	case RTSTEP_APPROVE:
	case RTSTEP_REFUSE:
		q = store_prepare(st, "UPDATE return_order SET state = ?2, decided_on = ?3, decided_by = ?4, "
		                      "decision_note = ?5, version = version + 1 WHERE id = ?1", err);
		break;
	case RTSTEP_RECEIVE:
		q = store_prepare(st, "UPDATE return_order SET state = ?2, received_on = ?3, received_by = ?4, "
		                      "version = version + 1 WHERE id = ?1", err);
		break;
	default:
		q = store_prepare(st, "UPDATE return_order SET state = ?2, closed_on = ?3, closed_by = ?4, "
		                      "close_note = ?5, disposition = ?6, repair_no = ?7, "
		                      "version = version + 1 WHERE id = ?1", err);
		break;
	}
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, cur.id);
	sqlite3_bind_text(q, 2, return_state_code(to), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, store_user(st), -1, SQLITE_TRANSIENT);
	if (step != RTSTEP_RECEIVE)
		store_bind_opt_text(q, 5, a->note);
	if (step == RTSTEP_CLOSE) {
		sqlite3_bind_text(q, 6, disp_codes[a->disposition], -1, SQLITE_STATIC);
		store_bind_opt_text(q, 7, a->disposition == RD_REPAIR ? a->repair_no : NULL);
	}
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	new_json = return_json(st, cur.id);
	if ((rc = store_audit(st, "return_order", cur.thno, step_codes[step], old_json, new_json, err)) != SD_OK)
		goto fail;
	rc = store_change_commit(st, nested, err);
	goto out;
fail:
	store_change_rollback(st, nested);
	if (!rc)
		rc = SD_INTERNAL;
out:
	free(old_json);
	free(new_json);
	return_free(&cur);
	return rc;
}

/* ---------------------------------------------------------------- lists */

int
return_page(store *st, const sd_return_query *qy, enum sd_page_from from, const sd_return *anchor,
            int limit, sd_return *rows, int *n, sd_err *err)
{
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc = SQLITE_DONE;
	bool reverse = from == PAGE_LAST || from == PAGE_BEFORE;

	sd_err_clear(err);
	*n = 0;
	buf_puts(&sql, "SELECT " RETURN_COLS RETURN_FROM
	               "WHERE (?1 = 0 OR t.state NOT IN ('closed', 'refused')) AND (?2 IS NULL OR t.state = ?2) "
	               "AND (?3 IS NULL OR r.regno = ?3) AND (?4 = 0 OR t.complaint_id = ?4)");
	if (from == PAGE_AFTER)
		buf_puts(&sql, " AND (t.raised_on, t.id) > (?10, ?11)");
	else if (from == PAGE_BEFORE)
		buf_puts(&sql, " AND (t.raised_on, t.id) < (?10, ?11)");
	buf_puts(&sql, reverse ? " ORDER BY t.raised_on DESC, t.id DESC LIMIT ?12"
	                       : " ORDER BY t.raised_on, t.id LIMIT ?12");
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	sqlite3_bind_int(q, 1, qy && qy->open_only);
	if (qy && qy->state >= 0 && qy->state < RTS_COUNT)
		sqlite3_bind_text(q, 2, state_codes[qy->state], -1, SQLITE_STATIC);
	store_bind_opt_text(q, 3, qy ? qy->regno : NULL);
	sqlite3_bind_int64(q, 4, qy ? qy->complaint_id : 0);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		sqlite3_bind_text(q, 10, anchor->raised_on, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 11, anchor->id);
	}
	sqlite3_bind_int(q, 12, limit);
	while (*n < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_return(q, &rows[(*n)++]);
	if (*n < limit && rc != SQLITE_DONE) {
		sqlite3_reset(q);
		for (int i = 0; i < *n; i++)
			return_free(&rows[i]);
		*n = 0;
		return fail(st, rc, err);
	}
	sqlite3_reset(q);
	if (reverse)
		for (int i = 0, j = *n - 1; i < j; i++, j--) {
			sd_return t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	return SD_OK;
}

/* ---------------------------------------------------------------- the form */

static void
form_row(doc_block *t, const char *key, const char *label, const char *value)
{
	doc_cell cells[3] = { doc_text(key), doc_text(label), doc_text(value && *value ? value : NULL) };

	doc_row(t, cells);
}

static void
form_part(sd_doc *d, const sd_return *o, const char *key, const char *heading)
{
	doc_col cols[3] = {
		{ "field", NULL, DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "label", NULL, DOC_TEXT, 0, 24, 26, DOC_PEOPLE },
		{ "value", NULL, DOC_TEXT, 0, 52, 100, 0 },
	};
	doc_block *t;
	char qty[24], complaint[24] = "", decision[200];

	cols[0].head = (char *)"field";
	cols[1].head = (char *)_("Field");
	cols[2].head = (char *)_("Value");
	doc_section_add(d, key, heading);
	t = doc_table(d, "fields", NULL, cols, 3);
	form_row(t, "thno", _("Return no."), o->thno);
	form_row(t, "kind", _("Kind"), return_kind_name(o->kind));
	form_row(t, "regno", _("Register no."), o->regno);
	if (o->complaint_id > 0)
		snprintf(complaint, sizeof complaint, "%lld", o->complaint_id);
	form_row(t, "complaint", _("Complaint no."), complaint);
	form_row(t, "customer", _("Customer"), o->customer);
	form_row(t, "product", _("Product"), o->product);
	form_row(t, "serial", _("Serial no."), o->serial);
	form_row(t, "part_no", _("Part no."), o->part_no);
	snprintf(qty, sizeof qty, "%ld", o->qty);
	form_row(t, "qty", _("Quantity"), qty);
	if (o->kind == RK_EXCHANGE)
		form_row(t, "replacement", _("Replacement part"), o->replacement ? o->replacement : o->part_no);
	form_row(t, "cause", _("Cause"), return_cause_name(o->cause));
	form_row(t, "cause_text", _("Details of the cause"), o->cause_text);
	form_row(t, "raised_on", _("Raised on"), o->raised_on);
	form_row(t, "raised_by", _("Raised by"), o->raised_by);
	if (o->decided_on[0])
		/* TRANSLATORS: approved or refused, the date, the person. */
		snprintf(decision, sizeof decision, _("%s on %s by %s"),
		         o->state == RTS_REFUSED ? _("refused") : _("approved"), o->decided_on,
		         o->decided_by ? o->decided_by : "");
	else
		decision[0] = '\0';
	form_row(t, "decision", _("Approval"), decision);
	form_row(t, "decision_note", _("Approval remark"), o->decision_note);
	form_row(t, "received_on", _("Received back on"), o->received_on);
	form_row(t, "disposition", _("Disposition"), o->disposition >= 0 ? return_disp_name(o->disposition) : NULL);
	form_row(t, "repair_no", _("Repair order no."), o->repair_no);
	doc_note(d, NULL, _("Raised by (signature): ______________    Approved by (signature): ______________"));
	doc_note(d, NULL, _("Storekeeper (signature): ______________    Date: ______________"));
}

int
return_form(store *st, const char *thno, sd_doc **out, sd_err *err)
{
	sd_return o;
	buf title = { 0 };
	char *site;
	sd_doc *d;
	int rc;

	*out = NULL;
	if ((rc = return_get(st, thno, &o, err)) != SD_OK)
		return rc;
	site = report_site_name(st);
	/* TRANSLATORS: the return's number. */
	buf_printf(&title, _("Product return and exchange notice %s"), o.thno);
	d = doc_new("return_notice", buf_str(&title), site);
	buf_free(&title);
	free(site);
	doc_add_meta(d, "thno", _("Return no."), DOC_TEXT, doc_text(o.thno));
	doc_add_meta(d, "state", _("State"), DOC_TEXT, doc_text(return_state_name(o.state)));
	form_part(d, &o, "service_copy", _("Part 1: the service centre's copy"));
	doc_note(d, NULL, _("- - - - - - - - - - - - - - - - cut here - - - - - - - - - - - - - - - -"));
	form_part(d, &o, "store_copy", _("Part 2: the store's copy"));
	return_free(&o);
	*out = d;
	return SD_OK;
}

/* ---------------------------------------------------------------- the month */

static int
count_one(store *st, const char *sql, const char *first, const char *next, long *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);
	int rc;

	*out = 0;
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, first, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, next, 10, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

int
return_month(store *st, const char *first, const char *next, sd_return_month *m, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(m, 0, sizeof *m);
	sd_err_clear(err);
	q = store_prepare(st, "SELECT kind, cause, count(*) FROM return_order "
	                      "WHERE raised_on >= ?1 AND raised_on < ?2 GROUP BY kind, cause", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, first, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, next, 10, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int k = return_kind_parse((const char *)sqlite3_column_text(q, 0));
		int c = return_cause_parse((const char *)sqlite3_column_text(q, 1));
		long v = (long)sqlite3_column_int64(q, 2);

		if (k >= 0 && c >= 0)
			m->raised[k][c] += v;
		m->raised_total += v;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	if ((rc = count_one(st, "SELECT count(*) FROM return_order WHERE decided_on >= ?1 AND decided_on < ?2 "
	                        "AND state <> 'refused'", first, next, &m->approved, err)) != SD_OK ||
	    (rc = count_one(st, "SELECT count(*) FROM return_order WHERE decided_on >= ?1 AND decided_on < ?2 "
	                        "AND state = 'refused'", first, next, &m->refused, err)) != SD_OK ||
	    (rc = count_one(st, "SELECT count(*) FROM return_order WHERE closed_on >= ?1 AND closed_on < ?2",
	                    first, next, &m->closed, err)) != SD_OK ||
	    (rc = count_one(st, "SELECT count(*) FROM return_order WHERE ?1 = ?1 AND raised_on < ?2 "
	                        "AND (closed_on IS NULL OR closed_on >= ?2) "
	                        "AND NOT (state = 'refused' AND decided_on < ?2)",
	                    first, next, &m->open_at_end, err)) != SD_OK)
		return rc;
	return SD_OK;
}

void
return_month_doc(sd_doc *d, const sd_return_month *m)
{
	doc_col cols[5] = {
		{ "cause", NULL, DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "cause_name", NULL, DOC_TEXT, 0, 28, 30, DOC_PEOPLE },
		{ "returns", NULL, DOC_COUNT, 0, 9, 10, 0 },
		{ "exchanges", NULL, DOC_COUNT, 0, 10, 10, 0 },
		{ "total", NULL, DOC_COUNT, 0, 8, 10, 0 },
	};
	doc_block *t;
	long r = 0, x = 0;

	if (!m->raised_total && !m->approved && !m->refused && !m->closed && !m->open_at_end)
		return;
	cols[0].head = (char *)"cause";
	cols[1].head = (char *)_("Cause");
	cols[2].head = (char *)C_("count", "Returns");
	cols[3].head = (char *)_("Exchanges");
	cols[4].head = (char *)_("Total");
	doc_section_add(d, "returns", _("Returns and exchanges"));
	doc_figure_add(d, "raised", _("Returns and exchanges raised in the month"), DOC_COUNT, 0, 0,
	               doc_count(m->raised_total));
	doc_figure_add(d, "approved", _("Approved in the month"), DOC_COUNT, 0, 0, doc_count(m->approved));
	doc_figure_add(d, "refused", _("Refused in the month"), DOC_COUNT, 0, 0, doc_count(m->refused));
	doc_figure_add(d, "closed", _("Closed in the month"), DOC_COUNT, 0, 0, doc_count(m->closed));
	doc_figure_add(d, "open", _("Still open at the month's end"), DOC_COUNT, 0, 0, doc_count(m->open_at_end));
	if (!m->raised_total)
		return;
	t = doc_table(d, "by_cause", _("Raised in the month, by cause"), cols, 5);
	for (int c = 0; c < RC_COUNT; c++) {
		long cr = m->raised[RK_RETURN][c], cx = m->raised[RK_EXCHANGE][c];
		doc_cell cells[5];

		if (!cr && !cx)
			continue;
		cells[0] = doc_text(return_cause_code(c));
		cells[1] = doc_text(return_cause_name(c));
		cells[2] = doc_count(cr);
		cells[3] = doc_count(cx);
		cells[4] = doc_count(cr + cx);
		doc_row(t, cells);
		r += cr;
		x += cx;
	}
	{
		doc_cell cells[5] = { doc_text("total"), doc_text(_("Total")), doc_count(r), doc_count(x),
		                      doc_count(r + x) };
		doc_row_foot(t, cells);
	}
}

/* ---------------------------------------------------------------- demonstration */

/* The date days before today into out, not before the date (or time) after. */
static void
demo_day(int days, const char *after, char out[11])
{
	date_format(store_today() - days, out);
	if (after && strncmp(after, out, 10) > 0)
		snprintf(out, 11, "%.10s", after);
}

int
returns_demo(store *st, sd_err *err)
{
	sd_part p = { .part_no = (char *)"YL-PT16", .name = (char *)"压力传感器 0-1.6MPa(扩散硅,4-20mA)",
	              .unit = (char *)"只", .brand = (char *)"江苏华仪", .location = (char *)"备件库 3 号架",
	              .reorder_point = 2, .reorder_qty = 5, .active = true };
	char regno[2][24] = { "", "" }, received[2][17] = { "", "" }, on[11], th[24];
	sqlite3_stmt *q;
	int n = 0, rc;

	sd_err_clear(err);
	if ((rc = stock_part_put(st, &p, err)) != SD_OK ||
	    (rc = stock_receive(st, "YL-PT16", 5, 38000, "年度备件采购", NULL, err)) != SD_OK)
		return rc;
	/* the two latest open entries received a week ago or more */
	q = store_prepare(st,
		"SELECT r.regno, r.received_at FROM ledger l JOIN request r ON r.id = l.request_id "
		"WHERE l.state NOT IN ('closed', 'unresolvable') AND r.received_at <= ?1 "
		"ORDER BY r.received_at DESC LIMIT 2", err);
	if (!q)
		return err->status;
	demo_day(7, NULL, on);
	sqlite3_bind_text(q, 1, on, -1, SQLITE_TRANSIENT);
	while (n < 2 && sqlite3_step(q) == SQLITE_ROW) {
		store_col_copy(q, 0, regno[n], sizeof regno[n]);
		store_col_copy(q, 1, received[n], sizeof received[n]);
		n++;
	}
	sqlite3_reset(q);
	if (n == 0)
		return SD_OK;
	if (n == 1) {
		memcpy(regno[1], regno[0], sizeof regno[1]);
		memcpy(received[1], received[0], sizeof received[1]);
	}
	{
		/* 包换: a sensor that drifts, exchanged from the store */
		sd_return_new x = { .kind = RK_EXCHANGE, .regno = regno[0], .part_no = "YL-PT16", .qty = 1,
		                    .cause = RC_QUALITY,
		                    .cause_text = "出口压力传感器读数漂移，较标准压力表偏高约0.08MPa，"
		                                  "现场重新标定后仍超差；在三包期内，用户要求更换" };
		sd_return_args ok = { .note = "三包期内质量问题，同意换货；换下的传感器带回公司复检" };
		sd_return_args rcv = { 0 };

		demo_day(5, received[0], on);
		x.on = on;
		if ((rc = return_raise(st, &x, th, err)) != SD_OK)
			return rc;
		demo_day(4, received[0], on);
		ok.on = on;
		if ((rc = return_step(st, th, RTSTEP_APPROVE, &ok, -1, err)) != SD_OK)
			return rc;
		demo_day(3, received[0], on);
		rcv.on = on;
		if ((rc = return_step(st, th, RTSTEP_RECEIVE, &rcv, -1, err)) != SD_OK)
			return rc;
	}
	{
		/* a return asked for without a quality problem, refused */
		sd_return_new r = { .kind = RK_RETURN, .regno = regno[1], .part_no = "YL-PT16", .qty = 2,
		                    .cause = RC_CHANGED_MIND,
		                    .cause_text = "用户称备用的两只压力传感器量程选大了，要求退货退款" };
		sd_return_args no = { .note = "非质量问题，传感器已开封并装机试用，按合同不予退货；"
		                              "可按差价更换0-1.0MPa量程" };

		demo_day(2, received[1], on);
		r.on = on;
		if ((rc = return_raise(st, &r, th, err)) != SD_OK)
			return rc;
		demo_day(1, received[1], on);
		no.on = on;
		if ((rc = return_step(st, th, RTSTEP_REFUSE, &no, -1, err)) != SD_OK)
			return rc;
	}
	return SD_OK;
}
