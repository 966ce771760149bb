/*
 * quote.c — quotations (报价单): the numbering, who pays each line (as the
 * ledger decides it), the lifecycle, the gate on chargeable lines, the
 * lists, the printable form and the month's figures. See quote.h.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "buf.h"
#include "common.h"
#include "contract.h"
#include "datetime.h"
#include "doc.h"
#include "gettext.h"
#include "intake.h"
#include "ledger.h"
#include "money.h"
#include "quote.h"
#include "report.h"
#include "staff.h"
#include "stock.h"
#include "store.h"
#include "text.h"
#include "valid.h"
#include "warranty.h"

/* ---------------------------------------------------------------- states */

static const char *const state_codes[QS_COUNT] = { "draft", "sent", "accepted", "refused", "expired" };
static const char *const state_names[QS_COUNT] = {
	N_("draft"), N_("sent"), N_("accepted"), N_("refused"), N_("expired")
};
static const char *const how_codes[QH_COUNT] = { "phone", "fax", "letter", "visit", "email" };
static const char *const how_names[QH_COUNT] = {
	N_("by phone"), N_("by fax"), N_("by letter"), N_("in person"), N_("by e-mail")
};

const char *
quote_state_code(int s)
{
	return s >= 0 && s < QS_COUNT ? state_codes[s] : "";
}

const char *
quote_state_name(int s)
{
	return s >= 0 && s < QS_COUNT ? _(state_names[s]) : "";
}

int
quote_state_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < QS_COUNT; i++)
		if (strcmp(s, state_codes[i]) == 0 || strcmp(s, _(state_names[i])) == 0)
			return i;
	return -1;
}

const char *
quote_how_code(int h)
{
	return h >= 0 && h < QH_COUNT ? how_codes[h] : "";
}

const char *
quote_how_name(int h)
{
	return h >= 0 && h < QH_COUNT ? _(how_names[h]) : "";
}

int
quote_how_parse(const char *s)
{
	if (!s)
		return -1;
	if (strcmp(s, "e-mail") == 0)
		return QH_EMAIL;
	for (int i = 0; i < QH_COUNT; i++)
		if (strcmp(s, how_codes[i]) == 0 || strcmp(s, _(how_names[i])) == 0)
			return i;
	return -1;
}

int
quote_effective_state(int stored, const char *valid_until, sd_date today)
{
	sd_date until;

	if ((stored == QS_DRAFT || stored == QS_SENT) && valid_until && date_parse(valid_until, &until) &&
	    today > until)
		return QS_EXPIRED;
	return stored;
}

void
quote_format_no(char out[24], const char *month, long seq)
{
	snprintf(out, 24, "QT%.6s-%04ld", month, seq);
}

bool
quote_parse_no(const char *s, char month[7], long *seq)
{
	return intake_parse_series_no(s, "QT", month, seq);
}

/* ---------------------------------------------------------------- helpers */

static int
fail(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("updating the quotations"), err);
}

static int
run(store *st, sqlite3_stmt *q, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

/* ---------------------------------------------------------------- lines */

/* A whole number in [lo, hi] from s; false if it is not one. */
static bool
whole(const char *s, long lo, long hi, long *out)
{
	long n = 0;

	if (!s || !*s)
		return false;
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || n > 100000000)
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

int
quote_line_parse(char *s, sd_quote_line_in *out, sd_err *err)
{
	char *f[3] = { NULL, NULL, NULL };
	int nf = 0;
	char *p = s, *colon;

	memset(out, 0, sizeof *out);
	out->cost = -1;
	if (!s || !*s)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "line", _("required"));
	colon = strchr(p, ':');
	if (!colon)
		return sd_err_set(err, SD_DATAERR, _("line '%s': expected KIND:QUANTITY:PRICE or parts:PART_NO[:QUANTITY]"), s);
	*colon = '\0';
	out->cost = warranty_cost_parse(p);
	if (out->cost < 0) {
		*colon = ':';
		return sd_err_set(err, SD_DATAERR, _("line '%s': the kind must be labour, travel, lodging or parts"), s);
	}
	p = colon + 1;
	while (nf < 3) {
		f[nf++] = p;
		if (!(colon = strchr(p, ':')))
			break;
		*colon = '\0';
		p = colon + 1;
	}
	if (colon || !f[0] || !*f[0])
		return sd_err_set(err, SD_DATAERR, _("line '%s': expected KIND:QUANTITY:PRICE or parts:PART_NO[:QUANTITY]"),
		                  warranty_cost_code(out->cost));
	if (out->cost == COST_PARTS) {
		if (nf > 2)
			return sd_err_set(err, SD_DATAERR, _("line parts:%s: expected parts:PART_NO[:QUANTITY]"), f[0]);
		out->part_no = f[0];
		out->qty = 1;
		if (nf == 2 && !whole(f[1], 1, 100000, &out->qty))
			return sd_err_set(err, SD_DATAERR, _("line parts:%s: the quantity '%s' must be a whole number from 1 to 100000"),
			                  f[0], f[1]);
		return SD_OK;
	}
	if (nf == 1 && out->cost == COST_LABOUR)
		return sd_err_set(err, SD_DATAERR, _("line labour:%s: expected labour:HOURS:RATE"), f[0]);
	if (nf == 1) {
		/* a sum: one of it */
		out->qty = 1;
		if (!money_parse(f[0], &out->unit_fen) || out->unit_fen < 0)
			return sd_err_set(err, SD_DATAERR, _("line %s: invalid amount '%s' (expected yuan, e.g. 1280.50)"),
			                  warranty_cost_code(out->cost), f[0]);
		return SD_OK;
	}
	if (nf > 2)
		return sd_err_set(err, SD_DATAERR, _("line %s: expected KIND:QUANTITY:PRICE"), warranty_cost_code(out->cost));
	if (!whole(f[0], 1, 100000, &out->qty))
		return sd_err_set(err, SD_DATAERR, _("line %s: the quantity '%s' must be a whole number from 1 to 100000"),
		                  warranty_cost_code(out->cost), f[0]);
	if (!money_parse(f[1], &out->unit_fen) || out->unit_fen < 0)
		return sd_err_set(err, SD_DATAERR, _("line %s: invalid amount '%s' (expected yuan, e.g. 1280.50)"),
		                  warranty_cost_code(out->cost), f[1]);
	return SD_OK;
}

/* ---------------------------------------------------------------- reading */

static void
line_free(sd_quote_line *l)
{
	free(l->part_no);
	free(l->description);
}

void
quote_free(sd_quote *q)
{
	if (!q)
		return;
	free(q->customer);
	free(q->serial);
	free(q->model);
	free(q->fault);
	free(q->made_by);
	free(q->repair_time);
	free(q->note);
	free(q->sent_by);
	free(q->answer_by);
	free(q->answer_person);
	free(q->answer_remark);
	for (int i = 0; i < q->nlines; i++)
		line_free(&q->lines[i]);
	free(q->lines);
	memset(q, 0, sizeof *q);
}

#define QUOTE_COLS \
	"o.id, o.qno, r.regno, r.customer, r.serial, " \
	"(SELECT model FROM equipment WHERE serial = r.serial), " \
	"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1), " \
	"(SELECT qno FROM quote p WHERE p.id = o.revision_of), " \
	"o.state, o.version, o.made_on, o.made_by, o.valid_until, o.repair_time, o.repair_days, o.note, " \
	"o.total_fen, o.payable_fen, o.sent_on, o.sent_by, o.answer_on, o.answer_by, o.answer_person, " \
	"o.answer_how, o.answer_remark "
#define QUOTE_FROM \
	"FROM quote o JOIN ledger l ON l.id = o.ledger_id JOIN request r ON r.id = l.request_id "
/* the effective state in SQL (?9: today) */
#define QUOTE_STATE \
	"(CASE WHEN o.state IN ('draft','sent') AND o.valid_until < ?9 THEN 'expired' ELSE o.state END)"

static void
read_quote(sqlite3_stmt *q, sd_quote *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, o->qno, sizeof o->qno);
	store_col_copy(q, 2, o->regno, sizeof o->regno);
	o->customer = store_col_dup(q, 3);
	o->serial = store_col_dup(q, 4);
	o->model = store_col_dup(q, 5);
	o->fault = store_col_dup(q, 6);
	store_col_copy(q, 7, o->revision_of, sizeof o->revision_of);
	o->version = sqlite3_column_int(q, 9);
	store_col_copy(q, 10, o->made_on, sizeof o->made_on);
	o->made_by = store_col_dup(q, 11);
	store_col_copy(q, 12, o->valid_until, sizeof o->valid_until);
	o->state = quote_effective_state(quote_state_parse((const char *)sqlite3_column_text(q, 8)),
	                                 o->valid_until, store_today());
	o->repair_time = store_col_dup(q, 13);
	o->repair_days = sqlite3_column_int(q, 14);
	o->note = store_col_dup(q, 15);
	o->total_fen = sqlite3_column_int64(q, 16);
	o->payable_fen = sqlite3_column_int64(q, 17);
	store_col_copy(q, 18, o->sent_on, sizeof o->sent_on);
	o->sent_by = store_col_dup(q, 19);
	store_col_copy(q, 20, o->answer_on, sizeof o->answer_on);
	o->answer_by = store_col_dup(q, 21);
	o->answer_person = store_col_dup(q, 22);
	o->answer_how = quote_how_parse((const char *)sqlite3_column_text(q, 23));
	o->answer_remark = store_col_dup(q, 24);
}

static int
tier_parse(const char *s)
{
	for (int t = 0; t < TIER_COUNT; t++)
		if (s && strcmp(s, warranty_tier_code(t)) == 0)
			return t;
	return TIER_UNKNOWN;
}

static int
read_lines(store *st, sd_quote *o, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT pos, kind, part_no, coalesce(description, (SELECT name FROM part WHERE part_no = quote_line.part_no)), "
		"qty, unit_fen, amount_fen, payable_fen, tier, contract_id, free_repair, cause "
		"FROM quote_line WHERE quote_id = ? ORDER BY pos", err);
	int rc;

	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, o->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_quote_line *l, *grown = realloc(o->lines, (size_t)(o->nlines + 1) * sizeof *o->lines);

		if (!grown) {
			sqlite3_reset(q);
			return sd_err_set(err, SD_INTERNAL, "%s", _("out of memory"));
		}
		o->lines = grown;
		l = &o->lines[o->nlines++];
		memset(l, 0, sizeof *l);
		l->pos = sqlite3_column_int(q, 0);
		l->cost = warranty_cost_parse((const char *)sqlite3_column_text(q, 1));
		l->part_no = store_col_dup(q, 2);
		l->description = store_col_dup(q, 3);
		l->qty = (long)sqlite3_column_int64(q, 4);
		l->unit_fen = sqlite3_column_int64(q, 5);
		l->amount_fen = sqlite3_column_int64(q, 6);
		l->payable_fen = sqlite3_column_int64(q, 7);
		l->tier = tier_parse((const char *)sqlite3_column_text(q, 8));
		l->contract_id = sqlite3_column_int64(q, 9);
		l->free_repair = sqlite3_column_int(q, 10) != 0;
		store_col_copy(q, 11, l->cause, sizeof l->cause);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : fail(st, rc, err);
}

static void
bind_today(sqlite3_stmt *q)
{
	char today[11];

	date_format(store_today(), today);
	sqlite3_bind_text(q, 9, today, -1, SQLITE_TRANSIENT);
}

int
quote_get(store *st, const char *qno, sd_quote *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT " QUOTE_COLS QUOTE_FROM "WHERE o.qno = ?1", err);
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, qno ? qno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_quote(q, out);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return read_lines(st, out, err);
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	return sd_err_set(err, SD_DATAERR, _("no quotation %s"), qno ? qno : "");
}

/* The quotation's row as JSON (audit trail), malloc'd or NULL. */
static char *
quote_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('qno', qno, 'ledger_id', ledger_id, 'revision_of', revision_of, "
		"'state', state, 'version', version, 'made_on', made_on, 'made_by', made_by, "
		"'valid_until', valid_until, 'repair_time', repair_time, 'repair_days', repair_days, "
		"'note', note, 'total_fen', total_fen, 'payable_fen', payable_fen, 'sent_on', sent_on, "
		"'sent_by', sent_by, 'answer', answer, 'answer_on', answer_on, 'answer_by', answer_by, "
		"'answer_person', answer_person, 'answer_how', answer_how, 'answer_remark', answer_remark, "
		"'lines', (SELECT json_group_array(json_object('kind', kind, 'part_no', part_no, 'qty', qty, "
		"'unit_fen', unit_fen, 'amount_fen', amount_fen, 'payable_fen', payable_fen, 'tier', tier, "
		"'contract_id', contract_id, 'cause', cause)) FROM quote_line WHERE quote_id = quote.id)) "
		"FROM quote WHERE id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

int
quote_latest(store *st, const char *regno, char qno[24], int *state, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT o.qno, o.state, o.valid_until FROM quote o JOIN ledger l ON l.id = o.ledger_id "
		"JOIN request r ON r.id = l.request_id WHERE r.regno = ? ORDER BY o.id DESC LIMIT 1", err);
	int rc;

	qno[0] = '\0';
	*state = -1;
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, regno ? regno : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		store_col_copy(q, 0, qno, 24);
		*state = quote_effective_state(quote_state_parse((const char *)sqlite3_column_text(q, 1)),
		                               (const char *)sqlite3_column_text(q, 2), store_today());
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SD_OK : fail(st, rc, err);
}

/* ---------------------------------------------------------------- making */

/* The ledger entry regno: its id, refused when it is closed. */
static int
open_entry(store *st, const char *regno, long long *id, sd_err *err)
{
	sd_ledger l;
	int rc;

	if ((rc = ledger_get(st, regno, &l, err)) != SD_OK)
		return rc;
	*id = l.id;
	if (l.state == LS_CLOSED || l.state == LS_UNRESOLVABLE)
		/* TRANSLATORS: register number, state (closed, unresolvable). */
		rc = sd_err_set(err, SD_DATAERR, _("%s is %s; nothing more can be recorded on it"),
		                l.regno, ledger_state_name(l.state));
	ledger_free(&l);
	return rc;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM", not before today: normalised into out, its day into *day. */
static int
parse_repair_time(const char *s, char out[17], sd_date *day, sd_err *err)
{
	char d[11];
	int hh, mm;

	if (strlen(s) < 10)
		goto bad;
	memcpy(d, s, 10);
	d[10] = '\0';
	if (!date_parse(d, day))
		goto bad;
	if (s[10] == '\0') {
		snprintf(out, 17, "%s", d);
	} else {
		if (strlen(s) != 16 || s[10] != ' ' || !isdigit((unsigned char)s[11]) ||
		    !isdigit((unsigned char)s[12]) || s[13] != ':' || !isdigit((unsigned char)s[14]) ||
		    !isdigit((unsigned char)s[15]))
			goto bad;
		hh = (s[11] - '0') * 10 + (s[12] - '0');
		mm = (s[14] - '0') * 10 + (s[15] - '0');
		if (hh > 23 || mm > 59)
			goto bad;
		memcpy(out, s, 16);
		out[16] = '\0';
	}
	if (*day < store_today())
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "repair-time", _("must not be before today"));
	return SD_OK;
bad:
	return sd_err_set(err, SD_DATAERR, _("%s: %s"), "repair-time",
	                  _("expected a date like 2026-11-24, or a date and time like 2026-11-24 09:00"));
}

int
quote_make(store *st, const sd_quote_new *n, char qno[24], sd_err *err)
{
	bool nested = false;
	char today[11], until[11], month[7], key[16], rtime[17] = "", cur[24];
	char *json = NULL;
	long long ledger_id, id, prev_id = 0;
	sd_date day = store_today();
	int64_t total = 0, payable = 0;
	sqlite3_stmt *q;
	long seq;
	int valid_days, latest, rc;

	sd_err_clear(err);
	qno[0] = '\0';
	if ((rc = staff_permit_self(st, ACT_QUOTE_MAKE, err)) != SD_OK)
		return rc;
	if (text_blank(n->regno))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "regno", _("required"));
	if (n->nlines < 1)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "line", _("at least one line is required"));
	if (n->nlines > QUOTE_MAX_LINES)
		return sd_err_set(err, SD_DATAERR, _("%s: at most %d lines"), "line", QUOTE_MAX_LINES);
	valid_days = n->valid_days ? n->valid_days
	           : (int)store_setting_int(st, "quote_valid_days", QUOTE_VALID_DAYS);
	if (valid_days < 1 || valid_days > 365)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "valid-days", _("must be 1 to 365"));
	if (n->repair_days < 0 || n->repair_days > 365)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "repair-days", _("must be 1 to 365"));
	if ((rc = valid_field(n->note, "note", false, SD_TEXT_LONG, err)) != SD_OK)
		return rc;
	if (!text_blank(n->repair_time) && (rc = parse_repair_time(n->repair_time, rtime, &day, err)) != SD_OK)
		return rc;
	for (int i = 0; i < n->nlines; i++) {
		const sd_quote_line_in *l = &n->lines[i];

		if (l->cost < 0 || l->cost >= COST_COUNT)
			return sd_err_set(err, SD_DATAERR, _("line %d: %s"), i + 1,
			                  _("the kind must be labour, travel, lodging or parts"));
		if (l->qty < 1 || l->qty > 100000)
			return sd_err_set(err, SD_DATAERR, _("line %d: %s"), i + 1,
			                  _("the quantity must be a whole number from 1 to 100000"));
		if (l->cost == COST_PARTS && text_blank(l->part_no))
			return sd_err_set(err, SD_DATAERR, _("line %d: %s"), i + 1, _("a part number is required"));
		if (l->cost != COST_PARTS && (l->unit_fen < 0 || l->unit_fen > INT64_C(10000000000)))
			return sd_err_set(err, SD_DATAERR, _("line %d: %s"), i + 1,
			                  _("the price must be zero or more (at most 100,000,000.00)"));
		if ((rc = valid_field(l->description, "description", false, SD_TEXT_LINE, err)) != SD_OK)
			return rc;
	}
	date_format(store_today(), today);
	date_format(store_today() + valid_days - 1, until);
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = open_entry(st, n->regno, &ledger_id, err)) != SD_OK)
		goto fail;
	if ((rc = quote_latest(st, n->regno, cur, &latest, err)) != SD_OK)
		goto fail;
	if (latest == QS_DRAFT || latest == QS_SENT) {
		/* TRANSLATORS: quotation number, its state. */
		rc = sd_err_set(err, SD_DATAERR, _("%s is %s and still valid: record the customer's answer first"),
		                cur, quote_state_name(latest));
		goto fail;
	}
	if (latest == QS_REFUSED || latest == QS_EXPIRED) {
		q = store_prepare(st, "SELECT id FROM quote WHERE qno = ?", err);
		if (!q) {
			rc = err->status;
			goto fail;
		}
		sqlite3_bind_text(q, 1, cur, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) == SQLITE_ROW)
			prev_id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	snprintf(month, sizeof month, "%.4s%.2s", today, today + 5);
	snprintf(key, sizeof key, "QT%s", month);
	if ((rc = intake_next_seq(st, key, &seq, err)) != SD_OK)
		goto fail;
	quote_format_no(qno, month, seq);
	q = store_prepare(st,
		"INSERT INTO quote (qno, month, seq, ledger_id, revision_of, made_on, made_by, valid_until, "
		"repair_time, repair_days, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_text(q, 1, qno, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, seq);
	sqlite3_bind_int64(q, 4, ledger_id);
	if (prev_id)
		sqlite3_bind_int64(q, 5, prev_id);
	else
		sqlite3_bind_null(q, 5);
	sqlite3_bind_text(q, 6, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 7, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 8, until, -1, SQLITE_TRANSIENT);
	store_bind_opt_text(q, 9, rtime);
	if (n->repair_days > 0)
		sqlite3_bind_int(q, 10, n->repair_days);
	else
		sqlite3_bind_null(q, 10);
	store_bind_opt_text(q, 11, n->note);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(store_db(st));
	for (int i = 0; i < n->nlines; i++) {
		const sd_quote_line_in *l = &n->lines[i];
		sd_ledger_payer pay;
		int64_t unit = l->unit_fen, amount;
		char *part_no = NULL;

		if (l->cost == COST_PARTS) {
			sd_part part;

			part_no = text_trim_or_null(l->part_no);
			if ((rc = stock_part_get(st, part_no, &part, err)) != SD_OK) {
				free(part_no);
				goto fail;
			}
			if (!part.active) {
				rc = sd_err_set(err, SD_DATAERR, _("line %d: part %s is no longer in use"), i + 1, part_no);
				stock_part_free(&part);
				free(part_no);
				goto fail;
			}
			unit = part.avg_cost_fen;
			stock_part_free(&part);
		}
		if (unit > 0 && l->qty > INT64_C(100000000000) / unit) {
			free(part_no);
			rc = sd_err_set(err, SD_DATAERR, _("line %d: %s"), i + 1, _("the amount is too large"));
			goto fail;
		}
		amount = unit * l->qty;
		if ((rc = ledger_charge_payer(st, n->regno, l->cost, day, &pay, err)) != SD_OK) {
			free(part_no);
			goto fail;
		}
		q = store_prepare(st,
			"INSERT INTO quote_line (quote_id, pos, kind, part_no, description, qty, unit_fen, amount_fen, "
			"payable_fen, tier, contract_id, free_repair, cause) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
		if (!q) {
			free(part_no);
			rc = err->status;
			goto fail;
		}
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int(q, 2, i + 1);
		sqlite3_bind_text(q, 3, warranty_cost_code(l->cost), -1, SQLITE_STATIC);
		store_bind_opt_text(q, 4, part_no);
		store_bind_opt_text(q, 5, l->description);
		sqlite3_bind_int64(q, 6, l->qty);
		sqlite3_bind_int64(q, 7, unit);
		sqlite3_bind_int64(q, 8, amount);
		sqlite3_bind_int64(q, 9, pay.charged ? amount : 0);
		sqlite3_bind_text(q, 10, warranty_tier_code(pay.tier), -1, SQLITE_STATIC);
		if (pay.contract_id > 0)
			sqlite3_bind_int64(q, 11, pay.contract_id);
		else
			sqlite3_bind_null(q, 11);
		sqlite3_bind_int(q, 12, pay.free_repair);
		store_bind_opt_text(q, 13, pay.cause);
		free(part_no);
		if ((rc = run(st, q, err)) != SD_OK)
			goto fail;
		total += amount;
		payable += pay.charged ? amount : 0;
	}
	q = store_prepare(st, "UPDATE quote SET total_fen = ?2, payable_fen = ?3 WHERE id = ?1", err);
	if (!q) {
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, total);
	sqlite3_bind_int64(q, 3, payable);
	if ((rc = run(st, q, err)) != SD_OK)
		goto fail;
	json = quote_json(st, id);
	if ((rc = store_audit(st, "quote", qno, "insert", NULL, json, err)) != SD_OK)
		goto fail;
	free(json);
	return store_change_commit(st, nested, err);
fail:
	store_change_rollback(st, nested);
	free(json);
	qno[0] = '\0';
	return rc ? rc : SD_INTERNAL;
}

/* ---------------------------------------------------------------- send, answer */

/*
 * Begin a change of quotation qno: the permission, the transaction, the row
 * (into cur), the version check and the state it must be in.
 */
static int
change_begin(store *st, const char *qno, int action, int expected_version, int need, sd_quote *cur,
             bool *nested, sd_err *err)
{
	int rc;

	memset(cur, 0, sizeof *cur);
	if ((rc = staff_permit_self(st, action, err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, nested, err)) != SD_OK)
		return rc;
	if ((rc = quote_get(st, qno, cur, err)) != SD_OK)
		goto fail;
	if (expected_version >= 0 && cur->version != expected_version) {
		char who[160];

		store_changed_by(st, "quote", cur->qno, who, sizeof who);
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                cur->qno, who);
		goto fail;
	}
	if (cur->state != need) {
		/* TRANSLATORS: quotation number, its state, the state it must be in. */
		rc = sd_err_set(err, SD_DATAERR, _("%s is %s, not %s"), cur->qno, quote_state_name(cur->state),
		                quote_state_name(need));
		goto fail;
	}
	return SD_OK;
fail:
	store_change_rollback(st, *nested);
	quote_free(cur);
	return rc ? rc : SD_INTERNAL;
}

static int
change_end(store *st, sd_quote *cur, const char *action, char *old_json, bool nested, sd_err *err)
{
	char *new_json = quote_json(st, cur->id);
	int rc = store_audit(st, "quote", cur->qno, action, old_json, new_json, err);

	if (rc == SD_OK)
		rc = store_change_commit(st, nested, err);
	else
		store_change_rollback(st, nested);
	free(old_json);
	free(new_json);
	quote_free(cur);
	return rc;
}

int
quote_send(store *st, const char *qno, const char *on, int expected_version, sd_err *err)
{
	sd_quote cur;
	bool nested = false;
	char day[11], *old_json;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = valid_date_on(on, day, "on", err)) != SD_OK)
		return rc;
	if ((rc = change_begin(st, qno, ACT_QUOTE_MAKE, expected_version, QS_DRAFT, &cur, &nested, err)) != SD_OK)
		return rc;
	if (strcmp(day, cur.made_on) < 0 || strcmp(day, cur.valid_until) > 0) {
		/* TRANSLATORS: the date given, the quotation's date, its last valid day. */
		rc = sd_err_set(err, SD_DATAERR, _("on: %s is not between the quotation's date %s and its last valid day %s"),
		                day, cur.made_on, cur.valid_until);
		goto fail;
	}
	old_json = quote_json(st, cur.id);
	q = store_prepare(st, "UPDATE quote SET state = 'sent', sent_on = ?2, sent_by = ?3, version = version + 1 "
	                      "WHERE id = ?1", err);
	if (!q) {
		free(old_json);
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, cur.id);
	sqlite3_bind_text(q, 2, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	if ((rc = run(st, q, err)) != SD_OK) {
		free(old_json);
		goto fail;
	}
	return change_end(st, &cur, "send", old_json, nested, err);
fail:
	store_change_rollback(st, nested);
	quote_free(&cur);
	return rc ? rc : SD_INTERNAL;
}

int
quote_answer(store *st, const char *qno, const sd_quote_answer *a, int expected_version, sd_err *err)
{
	sd_quote cur;
	bool nested = false;
	char day[11], *old_json;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = valid_field(a->person, "person", true, SD_TEXT_NAME, err)) != SD_OK ||
	    (rc = valid_field(a->remark, "remark", false, SD_TEXT_LONG, err)) != SD_OK ||
	    (rc = valid_date_on(a->on, day, "on", err)) != SD_OK)
		return rc;
	if (a->how < 0 || a->how >= QH_COUNT)
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), "how", _("must be phone, fax, letter, visit or e-mail"));
	if ((rc = change_begin(st, qno, ACT_QUOTE_ANSWER, expected_version, QS_SENT, &cur, &nested, err)) != SD_OK)
		return rc;
	if (strcmp(day, cur.sent_on) < 0 || strcmp(day, cur.valid_until) > 0) {
		/* TRANSLATORS: the date given, the date sent, the last valid day. */
		rc = sd_err_set(err, SD_DATAERR, _("on: %s is not between the day the quotation was sent %s and its last valid day %s"),
		                day, cur.sent_on, cur.valid_until);
		goto fail;
	}
	old_json = quote_json(st, cur.id);
	q = store_prepare(st, "UPDATE quote SET state = ?2, answer = ?2, answer_on = ?3, answer_by = ?4, "
	                      "answer_person = ?5, answer_how = ?6, answer_remark = ?7, version = version + 1 "
	                      "WHERE id = ?1", err);
	if (!q) {
		free(old_json);
		rc = err->status;
		goto fail;
	}
	sqlite3_bind_int64(q, 1, cur.id);
	sqlite3_bind_text(q, 2, a->accepted ? "accepted" : "refused", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, store_user(st), -1, SQLITE_TRANSIENT);
	store_bind_opt_text(q, 5, a->person);
	sqlite3_bind_text(q, 6, quote_how_code(a->how), -1, SQLITE_STATIC);
	store_bind_opt_text(q, 7, a->remark);
	if ((rc = run(st, q, err)) != SD_OK) {
		free(old_json);
		goto fail;
	}
	return change_end(st, &cur, a->accepted ? "accept" : "refuse", old_json, nested, err);
fail:
	store_change_rollback(st, nested);
	quote_free(&cur);
	return rc ? rc : SD_INTERNAL;
}

/* ---------------------------------------------------------------- lists */

int
quote_page(store *st, const sd_quote_query *qy, enum sd_page_from from, const sd_quote *anchor,
           int limit, sd_quote *rows, int *n, sd_err *err)
{
	buf sql = { 0 };
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, reverse;

	sd_err_clear(err);
	*n = 0;
	buf_puts(&sql, "SELECT " QUOTE_COLS QUOTE_FROM
	               "WHERE (?1 IS NULL OR r.regno = ?1) AND (?2 IS NULL OR " QUOTE_STATE " = ?2)");
	if (from == PAGE_AFTER)
		buf_puts(&sql, " AND (o.made_on, o.id) > (?10, ?11)");
	else if (from == PAGE_BEFORE)
		buf_puts(&sql, " AND (o.made_on, o.id) < (?10, ?11)");
	reverse = from == PAGE_LAST || from == PAGE_BEFORE;
	buf_puts(&sql, reverse ? " ORDER BY o.made_on DESC, o.id DESC LIMIT ?12" : " ORDER BY o.made_on, o.id LIMIT ?12");
	q = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!q)
		return err->status;
	store_bind_opt_text(q, 1, qy ? qy->regno : NULL);
	if (qy && qy->state >= 0)
		sqlite3_bind_text(q, 2, quote_state_code(qy->state), -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, 2);
	bind_today(q);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		sqlite3_bind_text(q, 10, anchor->made_on, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 11, anchor->id);
	}
	sqlite3_bind_int(q, 12, limit);
	while (*n < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_quote(q, &rows[(*n)++]);
	if (*n < limit && rc != SQLITE_DONE) {
		sqlite3_reset(q);
		for (int i = 0; i < *n; i++)
			quote_free(&rows[i]);
		*n = 0;
		return fail(st, rc, err);
	}
	sqlite3_reset(q);
	if (reverse)
		for (int i = 0, j = *n - 1; i < j; i++, j--) {
			sd_quote t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	return SD_OK;
}

/* ---------------------------------------------------------------- the gate */

int
quote_gate(store *st, const char *regno, int cost, int64_t amount_fen, const char *service_on, sd_err *err)
{
	sd_ledger_payer pay;
	sd_date on = store_today();
	char qno[24];
	int state, rc;

	if (amount_fen <= 0)
		return SD_OK;
	if (service_on && *service_on && !date_parse(service_on, &on))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), _("service date"), _("expected a date like 2026-11-24"));
	if ((rc = ledger_charge_payer(st, regno, cost, on, &pay, err)) != SD_OK)
		return rc;
	if (!pay.charged)
		return SD_OK;
	if ((rc = quote_latest(st, regno, qno, &state, err)) != SD_OK)
		return rc;
	if (state == QS_ACCEPTED)
		return SD_OK;
	if (state < 0)
		/* TRANSLATORS: register number. */
		return sd_err_set(err, SD_DATAERR,
		                  _("%s: the customer pays this line and has no quotation; make one and have it accepted first (or charge without a quotation)"),
		                  regno);
	/* TRANSLATORS: register number, quotation number, its state. */
	return sd_err_set(err, SD_DATAERR,
	                  _("%s: the customer pays this line and the latest quotation %s is %s, not accepted (or charge without a quotation)"),
	                  regno, qno, quote_state_name(state));
}

int
quote_charge(store *st, const char *regno, int cost, int64_t amount_fen, const char *service_on,
             const char *note, bool without_quote, sd_err *err)
{
	bool nested = false;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_LEDGER_WORK, err)) != SD_OK)
		return rc;
	if ((rc = store_change_begin(st, &nested, err)) != SD_OK)
		return rc;
	rc = quote_gate(st, regno, cost, amount_fen, service_on, err);
	if (rc == SD_DATAERR && without_quote) {
		/* charged without the customer's agreement: the audit trail says so, and why */
		sqlite3_stmt *q = store_prepare(st, "SELECT json_object('kind', ?, 'amount_fen', ?, 'why', ?)", err);
		char *json = NULL;

		if (!q) {
			rc = err->status;
		} else {
			sqlite3_bind_text(q, 1, warranty_cost_code(cost), -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, 2, amount_fen);
			sqlite3_bind_text(q, 3, err->msg, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q) == SQLITE_ROW)
				json = store_col_dup(q, 0);
			sqlite3_reset(q);
			sd_err_clear(err);
			rc = store_audit(st, "charge", regno, "without_quote", NULL, json, err);
			free(json);
		}
	}
	if (rc != SD_OK || (rc = ledger_charge(st, regno, cost, amount_fen, service_on, note, err)) != SD_OK) {
		store_change_rollback(st, nested);
		return rc;
	}
	return store_change_commit(st, nested, err);
}

/* ---------------------------------------------------------------- the form */

static void
form_row(doc_block *t, const char *key, const char *label, const char *value)
{
	doc_cell cells[3] = { doc_text(key), doc_text(label), doc_text(value && *value ? value : NULL) };

	doc_row(t, cells);
}

/* Who pays line l and why, in words, into b. */
static void
line_why(store *st, buf *b, const sd_quote_line *l)
{
	contract_charge_text(b, l->tier, l->contract_id, l->free_repair);
	if (l->cause[0]) {
		buf_puts(b, _("; "));
		ledger_cause_text(st, b, l->cause);
	}
}

int
quote_form(store *st, const char *qno, sd_doc **out, sd_err *err)
{
	doc_col fcols[3] = {
		{ "field", NULL, DOC_TEXT, 0, 0, 0, DOC_MACHINE },
		{ "label", NULL, DOC_TEXT, 0, 24, 26, DOC_PEOPLE },
		{ "value", NULL, DOC_TEXT, 0, 52, 100, 0 },
	};
	doc_col lcols[8] = {
		{ "pos", NULL, DOC_COUNT, 0, 3, 4, 0 },
		{ "kind", NULL, DOC_TEXT, 0, 6, 10, 0 },
		{ "item", NULL, DOC_TEXT, 0, 14, 30, 0 },
		{ "qty", NULL, DOC_COUNT, 0, 4, 6, 0 },
		{ "unit_price", NULL, DOC_MONEY, 0, 9, 12, 0 },
		{ "amount", NULL, DOC_MONEY, 0, 10, 12, 0 },
		{ "customer_pays", NULL, DOC_MONEY, 0, 10, 12, 0 },
		{ "why", NULL, DOC_TEXT, 0, 16, 30, 0 },
	};
	sd_quote q;
	buf title = { 0 }, t = { 0 };
	doc_block *tb;
	char *site;
	sd_doc *d;
	int rc;

	*out = NULL;
	if ((rc = quote_get(st, qno, &q, err)) != SD_OK)
		return rc;
	site = report_site_name(st);
	/* TRANSLATORS: the quotation's number. */
	buf_printf(&title, _("Quotation %s"), q.qno);
	d = doc_new("quotation", buf_str(&title), site);
	buf_free(&title);
	free(site);
	doc_add_meta(d, "qno", _("Quotation no."), DOC_TEXT, doc_text(q.qno));
	fcols[0].head = (char *)"field";
	fcols[1].head = (char *)_("Field");
	fcols[2].head = (char *)_("Value");
	doc_section_add(d, "quotation", NULL);
	tb = doc_table(d, "fields", NULL, fcols, 3);
	form_row(tb, "qno", _("Quotation no."), q.qno);
	if (q.revision_of[0])
		form_row(tb, "revision_of", _("Revises"), q.revision_of);
	form_row(tb, "regno", _("Register no."), q.regno);
	form_row(tb, "customer", _("Customer"), q.customer);
	form_row(tb, "product", _("Product"), q.model);
	form_row(tb, "serial", _("Serial no."), q.serial);
	form_row(tb, "fault", _("Fault as reported"), q.fault);
	form_row(tb, "made_on", _("Date"), q.made_on);
	form_row(tb, "made_by", _("Quoted by"), q.made_by);
	form_row(tb, "valid_until", _("Valid until"), q.valid_until);
	form_row(tb, "repair_time", _("Planned repair time"), q.repair_time);
	buf_reset(&t);
	if (q.repair_days > 0)
		/* TRANSLATORS: a number of days. */
		buf_printf(&t, ngettext("%d day", "%d days", (unsigned long)q.repair_days), q.repair_days);
	form_row(tb, "repair_days", _("Planned repair length"), buf_str(&t));
	form_row(tb, "note", _("Remarks"), q.note);
	form_row(tb, "state", _("State"), quote_state_name(q.state));
	if (q.sent_on[0]) {
		buf_reset(&t);
		buf_printf(&t, "%s%s%s", q.sent_on, text_sep_item(), q.sent_by ? q.sent_by : "");
		form_row(tb, "sent", _("Sent"), buf_str(&t));
	}
	if (q.answer_on[0]) {
		buf_reset(&t);
		/* TRANSLATORS: date, who answered for the customer, how, who recorded it. */
		buf_printf(&t, _("%s, %s, %s (recorded by %s)"), q.answer_on, q.answer_person ? q.answer_person : "",
		           quote_how_name(q.answer_how), q.answer_by ? q.answer_by : "");
		if (q.answer_remark && *q.answer_remark)
			buf_printf(&t, " — %s", q.answer_remark);
		form_row(tb, "answer", _("Customer's answer"), buf_str(&t));
	}
	lcols[0].head = (char *)_("No.");
	lcols[1].head = (char *)_("Cost type");
	lcols[2].head = (char *)_("Part or work");
	lcols[3].head = (char *)_("Qty");
	lcols[4].head = (char *)_("Unit price");
	lcols[5].head = (char *)_("Amount");
	lcols[6].head = (char *)_("Customer pays");
	lcols[7].head = (char *)_("Who pays and why");
	tb = doc_table(d, "lines", _("Planned charges (yuan)"), lcols, 8);
	for (int i = 0; i < q.nlines; i++) {
		const sd_quote_line *l = &q.lines[i];
		buf item = { 0 };

		buf_reset(&t);
		line_why(st, &t, l);
		if (l->part_no && l->description)
			buf_printf(&item, "%s %s", l->part_no, l->description);
		else
			buf_puts(&item, l->description ? l->description : l->part_no ? l->part_no : "");
		doc_cell cells[8] = {
			doc_count(l->pos), doc_text(warranty_cost_name(l->cost)), doc_text(buf_str(&item)),
			doc_count(l->qty), doc_money(l->unit_fen), doc_money(l->amount_fen),
			doc_money(l->payable_fen), doc_text(buf_str(&t))
		};
		doc_row(tb, cells);
		buf_free(&item);
	}
	{
		doc_cell total[8] = { doc_empty(), doc_text(_("Total")), doc_empty(), doc_empty(), doc_empty(),
		                      doc_money(q.total_fen), doc_money(q.payable_fen), doc_empty() };
		doc_row_foot(tb, total);
	}
	doc_figures(d, NULL);
	doc_figure_add(d, "total", _("Total of the planned charges"), DOC_MONEY, 0, 0, doc_money(q.total_fen));
	doc_figure_add(d, "customer_pays", _("Payable by the customer"), DOC_MONEY, 0, 0, doc_money(q.payable_fen));
	doc_figure_add(d, "covered", _("Covered by warranty or contract"), DOC_MONEY, 0, 0,
	               doc_money(q.total_fen - q.payable_fen));
	buf_reset(&t);
	/* TRANSLATORS: the last valid day. */
	buf_printf(&t, _("This quotation is valid until %s. Parts are charged at the price of the day; "
	                 "work starts once the customer has accepted it."), q.valid_until);
	doc_note(d, NULL, buf_str(&t));
	doc_note(d, NULL, _("Customer's acceptance (signature and seal): ______________    Date: ____________"));
	buf_free(&t);
	quote_free(&q);
	*out = d;
	return SD_OK;
}

/* ---------------------------------------------------------------- the month */

int
quote_month(store *st, const char *first, const char *next, sd_quote_month *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT "
		"(SELECT count(*) FROM quote WHERE sent_on >= ?1 AND sent_on < ?2), "
		"(SELECT count(*) FROM quote WHERE answer = 'accepted' AND answer_on >= ?1 AND answer_on < ?2), "
		"(SELECT count(*) FROM quote WHERE answer = 'refused' AND answer_on >= ?1 AND answer_on < ?2), "
		/* expired in the month: the day after the last valid day falls in it, unanswered by then */
		"(SELECT count(*) FROM quote WHERE state IN ('draft','sent') "
		" AND date(valid_until, '+1 day') >= ?1 AND date(valid_until, '+1 day') < ?2 "
		" AND date(valid_until, '+1 day') <= ?3), "
		"(SELECT coalesce(sum(payable_fen), 0) FROM quote WHERE answer = 'accepted' "
		" AND answer_on >= ?1 AND answer_on < ?2)", err);
	char a[11], b[11], today[11];
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err->status;
	snprintf(a, sizeof a, "%.10s", first);
	snprintf(b, sizeof b, "%.10s", next);
	date_format(store_today(), today);
	sqlite3_bind_text(q, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, b, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, today, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->sent = sqlite3_column_int64(q, 0);
		out->accepted = sqlite3_column_int64(q, 1);
		out->refused = sqlite3_column_int64(q, 2);
		out->expired = sqlite3_column_int64(q, 3);
		out->accepted_fen = sqlite3_column_int64(q, 4);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : store_fail(st, rc, _("reading the quotations"), err);
}

void
quote_month_doc(sd_doc *d, const sd_quote_month *m)
{
	if (!m->sent && !m->accepted && !m->refused && !m->expired)
		return;
	doc_section_add(d, "quotations", _("Quotations"));
	doc_figure_add(d, "sent", _("Quotations sent in the month"), DOC_COUNT, 0, 0, doc_count(m->sent));
	doc_figure_add(d, "accepted", _("Accepted by the customer"), DOC_COUNT, 0, 0, doc_count(m->accepted));
	doc_figure_add(d, "refused", _("Refused by the customer"), DOC_COUNT, 0, 0, doc_count(m->refused));
	doc_figure_add(d, "expired", _("Expired unanswered"), DOC_COUNT, 0, 0, doc_count(m->expired));
	doc_figure_add(d, "accepted_amount", _("Amount accepted (payable by the customer)"), DOC_MONEY, 0, 0,
	               doc_money(m->accepted_fen));
}

/* ---------------------------------------------------------------- demonstration */

int
quote_demo(store *st, sd_err *err)
{
	sd_part kit = { .part_no = (char *)"HP-PV-SEALKIT", .name = (char *)"柱塞泵密封修理包",
	                .unit = (char *)"套", .avg_cost_fen = 86000, .active = true };
	sd_part pump = { .part_no = (char *)"HP-PV2R-25", .name = (char *)"液压站柱塞泵 PV2R-25",
	                 .unit = (char *)"台", .avg_cost_fen = 1268000, .active = true };
	static const sd_quote_line_in first[] = {
		{ COST_LABOUR, NULL, 16, 15000, "液压站拆检、清洗油箱、更换柱塞泵" },
		{ COST_TRAVEL, NULL, 1, 80000, "张家港往返" },
		{ COST_LODGING, NULL, 2, 30000, NULL },
		{ COST_PARTS, "HP-PV2R-25", 1, 0, NULL },
		{ COST_PARTS, "HP-PV-SEALKIT", 1, 0, NULL },
	};
	static const sd_quote_line_in second[] = {
		{ COST_LABOUR, NULL, 12, 15000, "液压站拆检、更换柱塞泵密封、清洗油箱" },
		{ COST_TRAVEL, NULL, 1, 80000, "张家港往返" },
		{ COST_LODGING, NULL, 1, 30000, NULL },
		{ COST_PARTS, "HP-PV-SEALKIT", 2, 0, NULL },
	};
	sd_quote_answer no = { .accepted = false, .person = "严国华", .how = QH_PHONE,
	                       .remark = "整泵更换费用超出今年维修预算,请按只换密封件重新报价" };
	sd_quote_answer yes = { .accepted = true, .person = "严国华", .how = QH_FAX,
	                        .remark = "回传盖章报价单,同意按修订报价维修" };
	char regno[24] = "", q1[24], q2[24], tomorrow[17];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	/* the latest open entry about pressure on equipment on record */
	q = store_prepare(st,
		"SELECT r.regno FROM ledger l JOIN request r ON r.id = l.request_id "
		"JOIN equipment e ON e.serial = r.serial "
		"WHERE l.state NOT IN ('closed', 'unresolvable') "
		"AND EXISTS (SELECT 1 FROM request_item i WHERE i.request_id = r.id AND i.text LIKE '%压力%') "
		"ORDER BY r.received_at DESC LIMIT 1", err);
	if (!q)
		return err->status;
	if (sqlite3_step(q) == SQLITE_ROW)
		store_col_copy(q, 0, regno, sizeof regno);
	sqlite3_reset(q);
	if (!regno[0])
		return SD_OK;
	if ((rc = stock_part_put(st, &kit, err)) != SD_OK || (rc = stock_part_put(st, &pump, err)) != SD_OK)
		return rc;
	date_format(store_today() + 1, tomorrow);
	{
		sd_quote_new n = { .regno = regno, .lines = first, .nlines = (int)SD_ARRAY_LEN(first),
		                   .repair_time = tomorrow, .repair_days = 2,
		                   .note = "液压站大修:更换柱塞泵总成" };

		if ((rc = quote_make(st, &n, q1, err)) != SD_OK || (rc = quote_send(st, q1, NULL, -1, err)) != SD_OK ||
		    (rc = quote_answer(st, q1, &no, -1, err)) != SD_OK)
			return rc;
	}
	{
		sd_quote_new n = { .regno = regno, .lines = second, .nlines = (int)SD_ARRAY_LEN(second),
		                   .repair_time = tomorrow, .repair_days = 1,
		                   .note = "修订:保留原泵,只更换密封件" };

		if ((rc = quote_make(st, &n, q2, err)) != SD_OK || (rc = quote_send(st, q2, NULL, -1, err)) != SD_OK ||
		    (rc = quote_answer(st, q2, &yes, -1, err)) != SD_OK)
			return rc;
	}
	return SD_OK;
}
