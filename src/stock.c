/*
 * stock.c — the spare-parts store: the parts master, the movement journal,
 * the moving-average cost, the lists and the journal check.
 *
 * Every movement is one transaction (BEGIN IMMEDIATE through store_begin, or
 * a savepoint inside the caller's transaction): the part row is read, the
 * refusal (below zero, beyond what an entry holds, a closed entry) is decided
 * on that reading, and only then are the journal row, the part row (on hand,
 * average cost, on order, version) and the audit row written. A refusal
 * writes nothing.
 *
 * The moving average is integer arithmetic on fen: (h*a + q*c) / (h + q)
 * rounded half up, with 128-bit intermediates so that no product overflows.
 *
 * An issue adds a parts charge line to its ledger entry; a return adds the
 * matching credit (a negative parts line at the cost of its issue).
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "customer.h"
#include "ledger.h"
#include "repair.h"
#include "stock.h"
#include "text.h"
#include "valid.h"
#include "warranty.h"
#include "staff.h"

/* The most one movement may move, and the most a part may hold. */
#define MAX_QTY 1000000000L
#define MAX_BALANCE 1000000000000L
/* The highest unit cost: 1,000,000,000.00 yuan. */
#define MAX_COST_FEN INT64_C(100000000000)

/* ---------------------------------------------------------------- names */

static const char *const move_codes[MOVE_KIND_COUNT] = {
	"receipt", "issue", "return", "adjust", "count"
};

const char *
stock_move_code(int kind)
{
	return kind >= 0 && kind < MOVE_KIND_COUNT ? move_codes[kind] : "?";
}

const char *
stock_move_name(int kind)
{
	switch (kind) {
	case MOVE_RECEIPT: return C_("stock movement", "receipt");
	case MOVE_ISSUE:   return C_("stock movement", "issue");
	case MOVE_RETURN:  return C_("stock movement", "return");
	case MOVE_ADJUST:  return C_("stock movement", "adjustment");
	case MOVE_COUNT:   return C_("stock movement", "count difference");
	default:           return "?";
	}
}

static int
move_parse_code(const char *s)
{
	for (int k = 0; k < MOVE_KIND_COUNT; k++)
		if (s && strcmp(s, move_codes[k]) == 0)
			return k;
	return -1;
}

/* ---------------------------------------------------------------- records */

void
stock_part_free(sd_part *p)
{
	free(p->part_no);
	free(p->name);
	free(p->spec);
	free(p->unit);
	free(p->brand);
	free(p->location);
	memset(p, 0, sizeof *p);
}

void
stock_row_free(sd_stock_row *r)
{
	free(r->part_no);
	free(r->name);
	free(r->spec);
	free(r->unit);
	free(r->location);
	memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- validation */

static const struct {
	const char *code, *label;
} labels[] = {
	{ "part_no", N_("part number") },
	{ "name", N_("name") },
	{ "spec", N_("specification") },
	{ "unit", N_("unit") },
	{ "brand", N_("brand") },
	{ "location", N_("location") },
	{ "unit_cost", N_("unit cost") },
	{ "reorder_point", N_("reorder point") },
	{ "reorder_qty", N_("reorder quantity") },
	{ "qty", N_("quantity") },
	{ "reason", N_("reason") },
	{ "regno", N_("register number") },
};

static const char *
label(const char *field)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(labels); i++)
		if (strcmp(labels[i].code, field) == 0)
			return _(labels[i].label);
	return field;
}

static int
invalid(const char *field, sd_err *err, const char *problem)
{
	return sd_err_set(err, SD_DATAERR, _("%s: %s"), label(field), problem);
}

/* Check one text field of this kind (valid.h), named by its label. */
static int
check_text(const char *s, const char *field, sd_text_kind kind, sd_err *err)
{
	return valid_text(s, label(field), kind, err);
}

/* A trimmed, checked copy of p in *out (free with stock_part_free). */
static int
part_clean(const sd_part *p, sd_part *out, sd_err *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->part_no = text_trim_or_null(p->part_no);
	out->name = text_trim_or_null(p->name);
	out->spec = text_trim_or_null(p->spec);
	out->unit = text_trim_or_null(p->unit);
	out->brand = text_trim_or_null(p->brand);
	out->location = text_trim_or_null(p->location);
	out->avg_cost_fen = p->avg_cost_fen;
	out->reorder_point = p->reorder_point;
	out->reorder_qty = p->reorder_qty;
	out->active = p->active;
	if (!out->unit)
		out->unit = xstrdup("个");
	if (!out->part_no)
		return invalid("part_no", err, _("required"));
	if ((rc = check_text(out->part_no, "part_no", SD_TEXT_CODE, err)))
		return rc;
	if (strlen(out->part_no) >= sizeof ((sd_stock_row *)0)->key_text)
		return invalid("part_no", err, _("too long"));
	if (!out->name)
		return invalid("name", err, _("required"));
	if ((rc = check_text(out->name, "name", SD_TEXT_NAME, err)) ||
	    (rc = check_text(out->spec, "spec", SD_TEXT_NAME, err)) ||
	    (rc = check_text(out->unit, "unit", SD_TEXT_CODE, err)) ||
	    (rc = check_text(out->brand, "brand", SD_TEXT_NAME, err)) ||
	    (rc = check_text(out->location, "location", SD_TEXT_CODE, err)))
		return rc;
	if (out->reorder_point < 0 || out->reorder_point > MAX_QTY)
		return invalid("reorder_point", err, _("must be zero or more (at most 1000000000)"));
	if (out->reorder_qty < 0 || out->reorder_qty > MAX_QTY)
		return invalid("reorder_qty", err, _("must be zero or more (at most 1000000000)"));
	if (out->avg_cost_fen < 0 || out->avg_cost_fen > MAX_COST_FEN)
		return invalid("unit_cost", err, _("must be zero or more (at most 1,000,000,000.00)"));
	return SD_OK;
}

/* ---------------------------------------------------------------- helpers */

static void
bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* Begin a change: a write transaction, or a savepoint inside the caller's. */
static int
tx_begin(store *st, bool *nested, sd_err *err)
{
	int rc;

	*nested = sqlite3_get_autocommit(store_db(st)) == 0;
	if (!*nested)
		return store_begin(st, err);
	rc = sqlite3_exec(store_db(st), "SAVEPOINT stock_change", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : store_fail(st, rc, _("starting a change"), err);
}

static int
tx_commit(store *st, bool nested, sd_err *err)
{
	int rc;

	if (!nested)
		return store_commit(st, err);
	rc = sqlite3_exec(store_db(st), "RELEASE stock_change", NULL, NULL, NULL);
	return rc == SQLITE_OK ? SD_OK : store_fail(st, rc, _("saving the change"), err);
}

static void
tx_rollback(store *st, bool nested)
{
	if (!nested) {
		store_rollback(st);
		return;
	}
	sqlite3_exec(store_db(st), "ROLLBACK TO stock_change; RELEASE stock_change", NULL, NULL, NULL);
}

/* Run a statement that returns no rows; reset it. */
static int
run(store *st, sqlite3_stmt *q, const char *what, sd_err *err)
{
	int rc = sqlite3_step(q);

	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, what, err);
}

/* The JSON of one part (audit trail), malloc'd or NULL. */
static char *
part_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('part_no', part_no, 'name', name, 'spec', spec, 'unit', unit, "
		"'brand', brand, 'location', location, 'reorder_point', reorder_point, "
		"'reorder_qty', reorder_qty, 'active', active, 'on_order', on_order) "
		"FROM part WHERE id = ?", NULL);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	return json;
}

static bool
same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The part as stored, for a movement. */
struct part_state {
	long long id;
	long on_hand, on_order;
	int64_t avg;
};

/* Read part part_no: SD_OK, or SD_DATAERR "no part numbered ..." */
static int
part_state(store *st, const char *part_no, struct part_state *ps, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, on_hand, on_order, avg_cost_fen FROM part "
	                                    "WHERE part_no = ?", err);
	int rc;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, part_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		ps->id = sqlite3_column_int64(q, 0);
		ps->on_hand = (long)sqlite3_column_int64(q, 1);
		ps->on_order = (long)sqlite3_column_int64(q, 2);
		ps->avg = sqlite3_column_int64(q, 3);
		sqlite3_reset(q);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the parts"), err);
	return sd_err_set(err, SD_DATAERR, _("no part numbered %s"), part_no);
}

/*
 * The moving average of h at average a and q at cost c, rounded half up to
 * the fen (h, q >= 0, h + q > 0, a, c >= 0).
 */
static int64_t
moving_average(long h, int64_t a, long q, int64_t c)
{
	__int128 num = (__int128)h * a + (__int128)q * c;
	__int128 den = (__int128)h + q;

	if (den <= 0)
		return a;
	return (int64_t)((2 * num + den) / (2 * den));
}

/* ---------------------------------------------------------------- parts */

/*
 * Before part id is changed to v: keep the name, unit, reorder point and
 * active flag it had until now (part_was) where the change replaces any of
 * them, so that a past month's stock figures see the part as it stood.
 */
static int
part_keep_was(store *st, long long id, const sd_part *v, sd_err *err)
{
	char now[17];
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO part_was (part_id, until_at, name, unit, reorder_point, active) "
		"SELECT id, ?2, name, unit, reorder_point, active FROM part WHERE id = ?1 "
		"AND (name IS NOT ?3 OR unit IS NOT ?4 OR reorder_point IS NOT ?5 OR active IS NOT ?6)", err);

	if (!q)
		return err ? err->status : SD_INTERNAL;
	store_now(now);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, v->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, v->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, v->reorder_point);
	sqlite3_bind_int(q, 6, v->active ? 1 : 0);
	return run(st, q, _("saving a part"), err);
}

int
stock_part_put(store *st, const sd_part *p, sd_err *err)
{
	sd_part v;
	sqlite3_stmt *q;
	char *old = NULL, *new = NULL;
	bool nested;
	long long id = 0;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_PART_CHANGE, err)) != SD_OK)
		return rc;
	if ((rc = part_clean(p, &v, err)) != SD_OK) {
		stock_part_free(&v);
		return rc;
	}
	if ((rc = tx_begin(st, &nested, err)) != SD_OK) {
		stock_part_free(&v);
		return rc;
	}
	if (!(q = store_prepare(st, "SELECT id, version FROM part WHERE part_no = ?", err)))
		goto fail;
	sqlite3_bind_text(q, 1, v.part_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		int stored = sqlite3_column_int(q, 1);
		sqlite3_reset(q);
		if (p->version > 0 && stored != p->version) {
			char who[128];
			customer_last_change(st, "part", v.part_no, who, sizeof who);
			sd_err_set(err, SD_DATAERR,
			           _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
			           v.part_no, who);
			goto fail;
		}
	} else {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			store_fail(st, rc, _("reading the parts"), err);
			goto fail;
		}
	}
	if (id > 0) {
		old = part_json(st, id);
		if (part_keep_was(st, id, &v, err) != SD_OK)
			goto fail;
		q = store_prepare(st, "UPDATE part SET name = ?2, spec = ?3, unit = ?4, brand = ?5, "
		                      "location = ?6, reorder_point = ?7, reorder_qty = ?8, active = ?9, "
		                      "version = version + 1 WHERE id = ?1", err);
		if (!q)
			goto fail;
		sqlite3_bind_int64(q, 1, id);
	} else {
		char now[17];

		store_now(now);
		q = store_prepare(st, "INSERT INTO part (part_no, name, spec, unit, brand, location, "
		                      "reorder_point, reorder_qty, active, avg_cost_fen, created_at) "
		                      "VALUES (?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12)", err);
		if (!q)
			goto fail;
		sqlite3_bind_text(q, 10, v.part_no, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 11, v.avg_cost_fen);
		sqlite3_bind_text(q, 12, now, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_text(q, 2, v.name, -1, SQLITE_STATIC);
	bind_opt(q, 3, v.spec);
	sqlite3_bind_text(q, 4, v.unit, -1, SQLITE_STATIC);
	bind_opt(q, 5, v.brand);
	bind_opt(q, 6, v.location);
	sqlite3_bind_int64(q, 7, v.reorder_point);
	sqlite3_bind_int64(q, 8, v.reorder_qty);
	sqlite3_bind_int(q, 9, v.active ? 1 : 0);
	if (run(st, q, _("saving a part"), err) != SD_OK)
		goto fail;
	if (id == 0)
		id = sqlite3_last_insert_rowid(store_db(st));
	new = part_json(st, id);
	if (!same(old, new) &&
	    store_audit(st, "part", v.part_no, old ? "update" : "insert", old, new, err) != SD_OK)
		goto fail;
	rc = tx_commit(st, nested, err);
	goto out;
fail:
	tx_rollback(st, nested);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(old);
	free(new);
	stock_part_free(&v);
	return rc;
}

int
stock_part_get(store *st, const char *part_no, sd_part *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, part_no, name, spec, unit, brand, location, avg_cost_fen, on_hand, "
		"on_order, reorder_point, reorder_qty, active, version FROM part WHERE part_no = ?", err);
	char *t;
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	t = text_trim(part_no ? part_no : "");
	sqlite3_bind_text(q, 1, t, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		out->part_no = store_col_dup(q, 1);
		out->name = store_col_dup(q, 2);
		out->spec = store_col_dup(q, 3);
		out->unit = store_col_dup(q, 4);
		out->brand = store_col_dup(q, 5);
		out->location = store_col_dup(q, 6);
		out->avg_cost_fen = sqlite3_column_int64(q, 7);
		out->on_hand = (long)sqlite3_column_int64(q, 8);
		out->on_order = (long)sqlite3_column_int64(q, 9);
		out->reorder_point = (long)sqlite3_column_int64(q, 10);
		out->reorder_qty = (long)sqlite3_column_int64(q, 11);
		out->active = sqlite3_column_int(q, 12) != 0;
		out->version = sqlite3_column_int(q, 13);
		sqlite3_reset(q);
		free(t);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(t);
		return store_fail(st, rc, _("reading the parts"), err);
	}
	rc = sd_err_set(err, SD_DATAERR, _("no part numbered %s"), t);
	free(t);
	return rc;
}

/* ---------------------------------------------------------------- movements */

struct movement {
	int kind;
	const char *part_no;      /* trimmed */
	long qty;                 /* as asked: > 0 except for adjustments */
	int64_t cost_fen;         /* receipts: < 0 the current average */
	const char *regno;        /* trimmed, issues and returns */
	const char *reason;       /* trimmed or NULL */
	long long repair_id;      /* issues to a repair order: the order (0: none) */
	long long return_id;      /* the replacement of an exchange, a restock: the return (0: none) */
};

/* An issue of a part to an entry, and how much of it is still out. */
struct issue_left {
	long long id;
	long left;
	int64_t cost;
};

/*
 * The issues of a part to an entry that are still out, oldest first, by
 * replaying the entry's issues and returns in order: a return gives back the
 * latest issue still out first. *held is the sum of what is left.
 */
static int
entry_issues(store *st, long long ledger_id, long long part_id, struct issue_left **out,
             size_t *n, long *held, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, kind, qty, cost_fen FROM stock_move "
		"WHERE ledger_id = ?1 AND part_id = ?2 AND kind IN ('issue', 'return') ORDER BY id", err);
	struct issue_left *v = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*held = 0;
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, ledger_id);
	sqlite3_bind_int64(q, 2, part_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 1);
		long qty = (long)sqlite3_column_int64(q, 2);

		if (kind && strcmp(kind, "issue") == 0) {
			if (len == cap) {
				cap = cap ? 2 * cap : 8;
				v = xrealloc(v, cap * sizeof *v);
			}
			v[len].id = sqlite3_column_int64(q, 0);
			v[len].left = -qty;
			v[len].cost = sqlite3_column_int64(q, 3);
			len++;
		} else {
			for (size_t i = len; i-- > 0 && qty > 0;) {
				long take = v[i].left < qty ? v[i].left : qty;

				v[i].left -= take;
				qty -= take;
			}
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_fail(st, rc, _("reading the stock journal"), err);
	}
	for (size_t i = 0; i < len; i++)
		*held += v[i].left;
	*out = v;
	*n = len;
	return SD_OK;
}

/* Write one movement; its id in *id. */
static int
insert_move(store *st, long long part_id, int kind, long delta, int64_t cost, long long ledger_id,
            long long repair_id, long long return_id, const char *reason, const char *now, long long *id,
            sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "INSERT INTO stock_move (part_id, at, who, kind, qty, cost_fen, "
	                                    "ledger_id, reason, repair_id, return_id) "
	                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, part_id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, store_user(st), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, move_codes[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, delta);
	sqlite3_bind_int64(q, 6, cost);
	if (ledger_id)
		sqlite3_bind_int64(q, 7, ledger_id);
	else
		sqlite3_bind_null(q, 7);
	bind_opt(q, 8, reason);
	if (repair_id)
		sqlite3_bind_int64(q, 9, repair_id);
	else
		sqlite3_bind_null(q, 9);
	if (return_id)
		sqlite3_bind_int64(q, 10, return_id);
	else
		sqlite3_bind_null(q, 10);
	if (run(st, q, _("writing the stock journal"), err) != SD_OK)
		return err ? err->status : SD_INTERNAL;
	*id = sqlite3_last_insert_rowid(store_db(st));
	return SD_OK;
}

/*
 * A return: one movement and one credit line for each issue it gives back
 * (the latest still out first), each at that issue's cost and billed as that
 * issue was. *avg is carried through; *id is the last movement.
 */
static int
return_parts(store *st, const struct movement *m, long long part_id, long long ledger_id,
             long on_hand, int64_t *avg, const char *now, long long *id, int64_t *cost, sd_err *err)
{
	struct issue_left *v = NULL;
	size_t n = 0;
	long held = 0, qty = m->qty;
	int rc;

	if ((rc = entry_issues(st, ledger_id, part_id, &v, &n, &held, err)) != SD_OK)
		return rc;
	if (m->qty > held) {
		/* TRANSLATORS: part number, register number, quantity issued minus returned. */
		rc = sd_err_set(err, SD_DATAERR,
		                _("%s: %s holds only %ld of this part (issued minus returned)"),
		                m->part_no, m->regno, held);
		goto out;
	}
	for (size_t i = n; i-- > 0 && qty > 0;) {
		long take = v[i].left < qty ? v[i].left : qty;
		__int128 amount = (__int128)take * v[i].cost;
		char note[160];

		if (take <= 0)
			continue;
		if (amount > MAX_COST_FEN) {
			rc = invalid("qty", err, _("the parts charge would exceed 1,000,000,000.00"));
			goto out;
		}
		if ((rc = insert_move(st, part_id, MOVE_RETURN, take, v[i].cost, ledger_id, 0, 0, m->reason,
		                      now, id, err)) != SD_OK)
			goto out;
		*avg = moving_average(on_hand, *avg, take, v[i].cost);
		*cost = v[i].cost;
		on_hand += take;
		snprintf(note, sizeof note, _("%s x %ld returned"), m->part_no, take);
		if ((rc = ledger_credit_return(st, m->regno, v[i].id, (int64_t)amount, note, *id, err)) != SD_OK)
			goto out;
		qty -= take;
	}
	rc = SD_OK;
out:
	free(v);
	return rc;
}

static int
move(store *st, const struct movement *m, long *available, long long *move_id, sd_err *err)
{
	struct part_state ps;
	sqlite3_stmt *q;
	sd_ledger l = { .mode = -1, .confirmed_how = -1 };
	long long ledger_id = 0, id;
	long delta, balance, on_order;
	int64_t cost, avg;
	char now[17];
	char *json = NULL;
	bool nested;
	int rc;

	if ((rc = tx_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = part_state(st, m->part_no, &ps, err)) != SD_OK)
		goto fail;
	if (available)
		*available = ps.on_hand;
	if (m->kind == MOVE_ISSUE || m->kind == MOVE_RETURN) {
		if ((rc = ledger_get(st, m->regno, &l, err)) != SD_OK)
			goto fail;
		ledger_id = l.id;
		if (m->kind == MOVE_ISSUE && (l.state == LS_CLOSED || l.state == LS_UNRESOLVABLE)) {
			/* TRANSLATORS: register number, state (closed, unresolvable). */
			rc = sd_err_set(err, SD_DATAERR, _("%s is %s: parts cannot be issued to it"),
			                m->regno, ledger_state_name(l.state));
			goto fail;
		}
	}
	avg = ps.avg;
	on_order = ps.on_order;
	switch (m->kind) {
	case MOVE_RECEIPT:
		delta = m->qty;
		cost = m->cost_fen < 0 ? ps.avg : m->cost_fen;
		avg = moving_average(ps.on_hand, ps.avg, m->qty, cost);
		on_order -= on_order < m->qty ? on_order : m->qty;
		break;
	case MOVE_ISSUE:
		delta = -m->qty;
		cost = ps.avg;
		if (m->qty > ps.on_hand) {
			/* TRANSLATORS: part number, quantity on hand, quantity asked for. */
			rc = sd_err_set(err, SD_DATAERR, _("%s: only %ld available (%ld asked for)"),
			                m->part_no, ps.on_hand, m->qty);
			goto fail;
		}
		break;
	case MOVE_RETURN:
		delta = m->qty;
		cost = 0;
		break;
	default:    /* MOVE_ADJUST */
		delta = m->qty;
		cost = ps.avg;
		if (ps.on_hand + m->qty < 0) {
			/* TRANSLATORS: part number, quantity on hand, the adjustment. */
			rc = sd_err_set(err, SD_DATAERR,
			                _("%s: only %ld available; an adjustment of %ld would go below zero"),
			                m->part_no, ps.on_hand, m->qty);
			goto fail;
		}
		break;
	}
	balance = ps.on_hand + delta;
	if (balance > MAX_BALANCE) {
		rc = invalid("qty", err, _("the stock would exceed 1000000000000"));
		goto fail;
	}

	store_now(now);
	if (m->kind == MOVE_RETURN)
		rc = return_parts(st, m, ps.id, ledger_id, ps.on_hand, &avg, now, &id, &cost, err);
	else
		rc = insert_move(st, ps.id, m->kind, delta, cost, ledger_id, m->repair_id, m->return_id,
		                 m->reason, now, &id, err);
	if (rc != SD_OK)
		goto fail;

	q = store_prepare(st, "UPDATE part SET on_hand = ?2, avg_cost_fen = ?3, on_order = ?4, "
	                      "version = version + 1 WHERE id = ?1", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, ps.id);
	sqlite3_bind_int64(q, 2, balance);
	sqlite3_bind_int64(q, 3, avg);
	sqlite3_bind_int64(q, 4, on_order);
	if (run(st, q, _("saving a part"), err) != SD_OK)
		goto fail;

	if (m->kind == MOVE_ISSUE) {
		char note[160];
		__int128 amount = (__int128)m->qty * cost;

		if (amount > MAX_COST_FEN) {
			rc = invalid("qty", err, _("the parts charge would exceed 1,000,000,000.00"));
			goto fail;
		}
		/* An issue is charged to the entry; a return credits back what its issue billed. */
		snprintf(note, sizeof note, "%s x %ld", m->part_no, m->qty);
		if ((rc = ledger_charge_issue(st, m->regno, (int64_t)amount, note, id, err)) != SD_OK)
			goto fail;
	}

	q = store_prepare(st, "SELECT json_object('part_no', ?1, 'kind', ?2, 'qty', ?3, "
	                      "'cost_fen', ?4, 'regno', ?5, 'reason', ?6, 'on_hand', ?7, "
	                      "'avg_cost_fen', ?8, 'on_order', ?9, 'move_id', ?10)", err);
	if (!q)
		goto fail;
	sqlite3_bind_text(q, 1, m->part_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, move_codes[m->kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, delta);
	sqlite3_bind_int64(q, 4, cost);
	bind_opt(q, 5, ledger_id ? m->regno : NULL);
	bind_opt(q, 6, m->reason);
	sqlite3_bind_int64(q, 7, balance);
	sqlite3_bind_int64(q, 8, avg);
	sqlite3_bind_int64(q, 9, on_order);
	sqlite3_bind_int64(q, 10, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	if (store_audit(st, "stock_move", m->part_no, move_codes[m->kind], NULL, json, err) != SD_OK)
		goto fail;
	if ((rc = tx_commit(st, nested, err)) != SD_OK)
		goto out;
	if (available)
		*available = balance;
	if (move_id)
		*move_id = id;
	rc = SD_OK;
	goto out;
fail:
	tx_rollback(st, nested);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(json);
	ledger_free(&l);
	return rc;
}

/* Check and trim the arguments common to every movement, then move. */
static int move_checked_to(store *st, int kind, const char *part_no, long qty, int64_t cost_fen,
                           const char *regno, long long repair_id, long long return_id,
                           const char *reason, long *available, long long *move_id, sd_err *err);
static int
move_checked(store *st, int kind, const char *part_no, long qty, int64_t cost_fen,
             const char *regno, const char *reason, long *available, long long *move_id,
             sd_err *err)
{
	return move_checked_to(st, kind, part_no, qty, cost_fen, regno, 0, 0, reason, available, move_id, err);
}

int
stock_issue_repair(store *st, const char *part_no, long qty, const char *rmno, const char *reason,
                   long *available, long long *move_id, sd_err *err)
{
	long long repair_id;
	char regno[24];
	bool nested;
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	if (rc != SD_OK)
		return rc;
	if ((rc = tx_begin(st, &nested, err)) != SD_OK)
		return rc;
	if ((rc = repair_issue_target(st, rmno, &repair_id, regno, err)) != SD_OK ||
	    (rc = move_checked_to(st, MOVE_ISSUE, part_no, qty, 0, regno, repair_id, 0, reason, available,
	                          move_id, err)) != SD_OK) {
		tx_rollback(st, nested);
		return rc;
	}
	return tx_commit(st, nested, err);
}

int
stock_issue_exchange(store *st, const char *part_no, long qty, const char *regno, long long return_id,
                     const char *reason, long *available, long long *move_id, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	return rc != SD_OK ? rc :
	       move_checked_to(st, MOVE_ISSUE, part_no, qty, 0, regno, 0, return_id, reason, available,
	                       move_id, err);
}

int
stock_receive_returned(store *st, const char *part_no, long qty, int64_t cost_fen, long long return_id,
                       const char *note, long long *move_id, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	return rc != SD_OK ? rc :
	       move_checked_to(st, MOVE_RECEIPT, part_no, qty, cost_fen, NULL, 0, return_id, note, NULL,
	                       move_id, err);
}

static int
move_checked_to(store *st, int kind, const char *part_no, long qty, int64_t cost_fen,
                const char *regno, long long repair_id, long long return_id, const char *reason,
                long *available, long long *move_id, sd_err *err)
{
	struct movement m = { .kind = kind, .qty = qty, .cost_fen = cost_fen, .repair_id = repair_id,
	                      .return_id = return_id };
	char *pn = text_trim_or_null(part_no), *rn = text_trim_or_null(regno), *why = text_trim_or_null(reason);
	int rc;

	sd_err_clear(err);
	if (move_id)
		*move_id = 0;
	if (!pn) {
		rc = invalid("part_no", err, _("required"));
		goto out;
	}
	if (kind == MOVE_ADJUST) {
		if (qty == 0 || qty > MAX_QTY || qty < -MAX_QTY) {
			rc = invalid("qty", err, _("must not be zero (at most 1000000000 either way)"));
			goto out;
		}
		if (!why) {
			rc = invalid("reason", err, _("required: an adjustment must say why"));
			goto out;
		}
	} else if (qty <= 0 || qty > MAX_QTY) {
		rc = invalid("qty", err, _("must be more than zero (at most 1000000000)"));
		goto out;
	}
	if (kind == MOVE_RECEIPT && cost_fen > MAX_COST_FEN) {
		rc = invalid("unit_cost", err, _("must be zero or more (at most 1,000,000,000.00)"));
		goto out;
	}
	if ((kind == MOVE_ISSUE || kind == MOVE_RETURN) && !rn) {
		rc = invalid("regno", err, _("required: parts move to and from a ledger entry"));
		goto out;
	}
	if ((rc = check_text(why, "reason", SD_TEXT_LINE, err)) != SD_OK)
		goto out;
	m.part_no = pn;
	m.regno = rn;
	m.reason = why;
	rc = move(st, &m, available, move_id, err);
out:
	free(pn);
	free(rn);
	free(why);
	return rc;
}

int
stock_receive(store *st, const char *part_no, long qty, int64_t cost_fen, const char *note,
              long long *move_id, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	return rc != SD_OK ? rc :
	       move_checked(st, MOVE_RECEIPT, part_no, qty, cost_fen, NULL, note, NULL, move_id, err);
}

int
stock_issue(store *st, const char *part_no, long qty, const char *regno, const char *reason,
            long *available, long long *move_id, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	return rc != SD_OK ? rc :
	       move_checked(st, MOVE_ISSUE, part_no, qty, 0, regno, reason, available, move_id, err);
}

int
stock_return_from(store *st, const char *part_no, long qty, const char *regno,
                  const char *reason, long long *move_id, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	return rc != SD_OK ? rc :
	       move_checked(st, MOVE_RETURN, part_no, qty, 0, regno, reason, NULL, move_id, err);
}

int
stock_adjust(store *st, const char *part_no, long qty, const char *reason, long long *move_id,
             sd_err *err)
{
	int rc = staff_permit_self(st, ACT_STOCK_MOVE, err);

	return rc != SD_OK ? rc :
	       move_checked(st, MOVE_ADJUST, part_no, qty, 0, NULL, reason, NULL, move_id, err);
}

int
stock_order(store *st, const char *part_no, long qty, sd_err *err)
{
	struct part_state ps;
	sqlite3_stmt *q;
	char *pn, *old = NULL, *new = NULL;
	long on_order;
	bool nested;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_STOCK_MOVE, err)) != SD_OK)
		return rc;
	pn = text_trim_or_null(part_no);
	if (!pn)
		return invalid("part_no", err, _("required"));
	if (qty == 0 || qty > MAX_QTY || qty < -MAX_QTY) {
		free(pn);
		return invalid("qty", err, _("must not be zero (at most 1000000000 either way)"));
	}
	if ((rc = tx_begin(st, &nested, err)) != SD_OK) {
		free(pn);
		return rc;
	}
	if (part_state(st, pn, &ps, err) != SD_OK)
		goto fail;
	on_order = ps.on_order + qty;
	if (on_order < 0)
		on_order = 0;
	if (on_order > MAX_BALANCE) {
		invalid("qty", err, _("the quantity on order would exceed 1000000000000"));
		goto fail;
	}
	old = part_json(st, ps.id);
	q = store_prepare(st, "UPDATE part SET on_order = ?2, version = version + 1 WHERE id = ?1", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, ps.id);
	sqlite3_bind_int64(q, 2, on_order);
	if (run(st, q, _("saving a part"), err) != SD_OK)
		goto fail;
	new = part_json(st, ps.id);
	if (store_audit(st, "part", pn, "order", old, new, err) != SD_OK)
		goto fail;
	rc = tx_commit(st, nested, err);
	goto out;
fail:
	tx_rollback(st, nested);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(old);
	free(new);
	free(pn);
	return rc;
}

/* ---------------------------------------------------------------- history */

struct move_copy {
	sd_move m;
	char *who, *regno, *reason;
};

int
stock_history(store *st, const char *part_no, long long before_id, int limit,
              int (*fn)(const sd_move *m, void *arg), void *arg, int *n, sd_err *err)
{
	sqlite3 *db = store_db(st);
	struct part_state ps;
	struct move_copy *list = NULL;
	sqlite3_stmt *q;
	char *pn = text_trim_or_null(part_no);
	long later = 0;
	int count = 0, rc, ret = SD_OK;

	sd_err_clear(err);
	if (n)
		*n = 0;
	if (!pn)
		return invalid("part_no", err, _("required"));
	if (limit <= 0) {
		free(pn);
		return SD_OK;
	}
	/* One read transaction: the balance and the movements seen at the same moment. */
	if ((rc = sqlite3_exec(db, "SAVEPOINT stock_read", NULL, NULL, NULL)) != SQLITE_OK) {
		free(pn);
		return store_fail(st, rc, _("reading the stock journal"), err);
	}
	if ((ret = part_state(st, pn, &ps, err)) != SD_OK)
		goto done;
	if (before_id > 0) {
		/* the movements at or after before_id, undone from the balance of now */
		q = store_prepare(st, "SELECT coalesce(sum(qty), 0) FROM stock_move "
		                      "WHERE part_id = ? AND id >= ?", err);
		if (!q) {
			ret = err ? err->status : SD_INTERNAL;
			goto done;
		}
		sqlite3_bind_int64(q, 1, ps.id);
		sqlite3_bind_int64(q, 2, before_id);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			later = (long)sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (rc != SQLITE_ROW) {
			ret = store_fail(st, rc, _("reading the stock journal"), err);
			goto done;
		}
	}
	q = store_prepare(st,
		"SELECT m.id, m.at, m.who, m.kind, m.qty, m.cost_fen, r.regno, m.reason "
		"FROM stock_move m LEFT JOIN ledger l ON l.id = m.ledger_id "
		"LEFT JOIN request r ON r.id = l.request_id "
		"WHERE m.part_id = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3", err);
	if (!q) {
		ret = err ? err->status : SD_INTERNAL;
		goto done;
	}
	sqlite3_bind_int64(q, 1, ps.id);
	sqlite3_bind_int64(q, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(q, 3, limit);
	long balance = ps.on_hand - later;
	list = xcalloc((size_t)limit, sizeof *list);
	while (count < limit && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct move_copy *c = &list[count++];
		const char *at = (const char *)sqlite3_column_text(q, 1);

		c->m.id = sqlite3_column_int64(q, 0);
		snprintf(c->m.at, sizeof c->m.at, "%s", at ? at : "");
		c->who = store_col_dup(q, 2);
		c->m.kind = move_parse_code((const char *)sqlite3_column_text(q, 3));
		c->m.qty = (long)sqlite3_column_int64(q, 4);
		c->m.cost_fen = sqlite3_column_int64(q, 5);
		c->regno = store_col_dup(q, 6);
		c->reason = store_col_dup(q, 7);
		c->m.balance = balance;
		balance -= c->m.qty;
	}
	sqlite3_reset(q);
	if (count < limit && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the stock journal"), err);
done:
	sqlite3_exec(db, "RELEASE stock_read", NULL, NULL, NULL);
	for (int i = 0; i < count; i++) {
		struct move_copy *c = &list[i];

		c->m.who = c->who ? c->who : "";
		c->m.regno = c->regno;
		c->m.reason = c->reason;
		if (ret == SD_OK && fn)
			ret = fn(&c->m, arg);
		free(c->who);
		free(c->regno);
		free(c->reason);
	}
	if (n && ret == SD_OK)
		*n = count;
	free(list);
	free(pn);
	return ret;
}

/* ---------------------------------------------------------------- lists */

long
stock_to_order(long on_hand, long on_order, long reorder_point, long reorder_qty)
{
	long long want;

	if (on_hand > reorder_point)
		return 0;
	want = (long long)reorder_point + reorder_qty - on_hand - on_order;
	return want > 0 ? (long)want : 0;
}

/* The LIKE pattern %s% of s with %, _ and \ escaped by \. */
static void
like_pattern(buf *b, const char *s)
{
	buf_putc(b, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '%');
}

int
stock_page(store *st, const sd_stock_query *q, enum sd_page_from from,
           const sd_stock_row *anchor, int limit, sd_stock_row *rows, int *n, sd_err *err)
{
	static const char *const order[] = {
		[PAGE_FIRST] = " ORDER BY part_no ASC LIMIT ?3",
		[PAGE_LAST] = " ORDER BY part_no DESC LIMIT ?3",
		[PAGE_AFTER] = " AND part_no > ?2 ORDER BY part_no ASC LIMIT ?3",
		[PAGE_BEFORE] = " AND part_no < ?2 ORDER BY part_no DESC LIMIT ?3",
	};
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	sd_stock_query none = { 0 };
	buf sql = { 0 }, pat = { 0 };
	sqlite3_stmt *s;
	char *search;
	int rc = SQLITE_DONE, count = 0;

	*n = 0;
	sd_err_clear(err);
	if (!q)
		q = &none;
	if ((int)from < PAGE_FIRST || from > PAGE_BEFORE)
		return sd_err_set(err, SD_INTERNAL, "stock_page: bad direction");
	if ((from == PAGE_AFTER || from == PAGE_BEFORE) && !anchor)
		return sd_err_set(err, SD_INTERNAL, "stock_page: no anchor");
	if (limit <= 0)
		return SD_OK;
	search = text_trim_or_null(q->search);
	buf_puts(&sql, "SELECT id, part_no, name, spec, unit, location, on_hand, on_order, "
	               "reorder_point, reorder_qty, avg_cost_fen, active FROM part WHERE 1");
	if (q->low_only)
		/* the terms of the partial index part_low, as written there */
		buf_puts(&sql, " AND on_hand <= reorder_point AND active = 1");
	else if (!q->include_inactive)
		buf_puts(&sql, " AND active = 1");
	if (search)
		buf_puts(&sql, " AND (part_no LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' "
		               "OR spec LIKE ?1 ESCAPE '\\')");
	buf_puts(&sql, order[from]);
	s = store_prepare(st, buf_str(&sql), err);
	buf_free(&sql);
	if (!s) {
		free(search);
		return err ? err->status : SD_INTERNAL;
	}
	if (search) {
		like_pattern(&pat, search);
		sqlite3_bind_text(s, 1, buf_str(&pat), -1, SQLITE_TRANSIENT);
	}
	if (from == PAGE_AFTER || from == PAGE_BEFORE)
		sqlite3_bind_text(s, 2, anchor->part_no ? anchor->part_no : anchor->key_text, -1,
		                  SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 3, limit);
	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sd_stock_row *r = &rows[count++];

		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->part_no = store_col_dup(s, 1);
		r->name = store_col_dup(s, 2);
		r->spec = store_col_dup(s, 3);
		r->unit = store_col_dup(s, 4);
		r->location = store_col_dup(s, 5);
		r->on_hand = (long)sqlite3_column_int64(s, 6);
		r->on_order = (long)sqlite3_column_int64(s, 7);
		r->reorder_point = (long)sqlite3_column_int64(s, 8);
		r->reorder_qty = (long)sqlite3_column_int64(s, 9);
		r->avg_cost_fen = sqlite3_column_int64(s, 10);
		r->active = sqlite3_column_int(s, 11) != 0;
		r->low = r->active && r->on_hand <= r->reorder_point;
		r->to_order = r->active ? stock_to_order(r->on_hand, r->on_order, r->reorder_point,
		                                         r->reorder_qty) : 0;
		snprintf(r->key_text, sizeof r->key_text, "%s", r->part_no ? r->part_no : "");
	}
	sqlite3_reset(s);
	buf_free(&pat);
	free(search);
	if (count < limit && rc != SQLITE_DONE) {
		for (int i = 0; i < count; i++)
			stock_row_free(&rows[i]);
		if (rc == SQLITE_INTERRUPT)
			return sd_err_set(err, SD_INTERNAL, "interrupted");
		return store_fail(st, rc, _("reading the parts"), err);
	}
	if (backward) {
		for (int i = 0, j = count - 1; i < j; i++, j--) {
			sd_stock_row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	}
	*n = count;
	return SD_OK;
}

/* ---------------------------------------------------------------- check */

struct finding {
	char *part_no;
	long stored, journal;
};

int
stock_check(store *st, int (*fn)(const char *part_no, long stored, long journal, void *arg),
            void *arg, long *count, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT p.part_no, p.on_hand, coalesce(j.total, 0) FROM part p LEFT JOIN "
		"(SELECT part_id, sum(qty) AS total FROM stock_move GROUP BY part_id) j "
		"ON j.part_id = p.id WHERE p.on_hand IS NOT coalesce(j.total, 0) ORDER BY p.part_no", err);
	struct finding *list = NULL;
	size_t nf = 0;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	if (count)
		*count = 0;
	if (!q)
		return err ? err->status : SD_INTERNAL;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (nf + 1) * sizeof *list);
		list[nf].part_no = store_col_dup(q, 0);
		list[nf].stored = (long)sqlite3_column_int64(q, 1);
		list[nf].journal = (long)sqlite3_column_int64(q, 2);
		nf++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("checking the stock journal"), err);
	for (size_t i = 0; i < nf; i++) {
		if (ret == SD_OK && fn)
			ret = fn(list[i].part_no ? list[i].part_no : "", list[i].stored, list[i].journal, arg);
		free(list[i].part_no);
	}
	free(list);
	if (ret == SD_OK && count)
		*count = (long)nf;
	return ret;
}
