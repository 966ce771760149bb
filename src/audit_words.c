/*
 * audit_words.c — an audit row in the user's words (audit_words.h).
 *
 * The audit trail keeps each change as the record's fields before and after,
 * as JSON with the database's column names and codes. People read it as the
 * desk shows the record: the form's labels, money in yuan, a person's name
 * with the login, states and kinds in words. One table of fields says how
 * each is shown; a field not in it keeps its column name, so that nothing
 * recorded is ever hidden.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit_words.h"
#include "complaint.h"
#include "contract.h"
#include "intake.h"
#include "ledger.h"
#include "money.h"
#include "repair.h"
#include "staff.h"
#include "stock.h"
#include "text.h"
#include "warranty.h"

enum kind {
	K_TEXT,      /* as recorded */
	K_FEN,       /* money kept in fen, shown in yuan */
	K_PERSON,    /* a login: the name with it */
	K_BOOL,      /* 0/1: yes/no */
	K_LEDGER,    /* ledger state code */
	K_REQUEST,   /* request status code */
	K_MODE,      /* service mode code */
	K_HOW,       /* how the user confirmed */
	K_ROLE,      /* staff role code */
	K_TIER,      /* warranty tier code */
	K_MOVE,      /* stock movement kind code */
	K_REPAIR,    /* repair order state code */
	K_SEVERITY,  /* complaint severity code */
	K_CLASS,     /* complaint class code */
	K_CHANNEL,   /* request channel code */
	K_LIST,      /* a JSON array of texts: one after the other */
	K_VISITS,    /* a contract's inspection visits code */
	K_COVERS,    /* a contract's covered costs: a JSON array of 0/1 per cost */
	K_HIDE,      /* bookkeeping (the version counter): not shown */
};

struct field {
	const char *table; /* NULL: any table */
	const char *key;
	const char *label; /* msgid */
	enum kind kind;
};

/* The fields people see, with the labels of the forms; the first match wins
 * (a table's own entry before the one for any table). */
static const struct field fields[] = {
	{ "request", "status", N_("Status"), K_REQUEST },
	{ "request", "handed_to", N_("Handed to"), K_PERSON },
	{ "request", "handed_at", N_("Handed over at"), K_TEXT },
	{ "request", "received_by", N_("Received by"), K_PERSON },
	{ "request", "received_at", N_("Received at"), K_TEXT },
	{ "request", "channel", N_("Channel"), K_CHANNEL },
	{ "request", "requester", N_("Requester"), K_TEXT },
	{ "request", "items", N_("Items"), K_LIST },
	{ "request", "void_reason", N_("Reason for voiding"), K_TEXT },
	{ "ledger", "state", N_("State"), K_LEDGER },
	{ "ledger", "engineer_at", N_("Assigned at"), K_TEXT },
	{ "ledger", "responsible_at", N_("Taken at"), K_TEXT },
	{ "ledger", "solution", N_("Solution"), K_TEXT },
	{ "ledger", "fault_code", N_("Fault category"), K_TEXT },
	{ "ledger", "confirmed_how", N_("Confirmed how"), K_HOW },
	{ "ledger", "card_rating", N_("Rating"), K_TEXT },
	{ "ledger", "card_opinion", N_("Customer's opinion"), K_TEXT },
	{ "ledger", "card_signed_by", N_("Card signed by"), K_TEXT },
	{ "ledger", "card_in_by", N_("Card received by"), K_PERSON },
	{ "ledger", "card_signed_at", N_("Card signed at"), K_TEXT },
	{ "ledger", "card_due", N_("Card due back"), K_TEXT },
	{ "ledger", "card_in_at", N_("Card back at"), K_TEXT },
	{ "ledger", "next_due", N_("Next due"), K_TEXT },
	{ "ledger", "respond_due", N_("Respond by"), K_TEXT },
	{ "ledger", "onsite_due", N_("On site by"), K_TEXT },
	{ "ledger", "clear_due", N_("Clear by"), K_TEXT },
	{ "ledger", "reply_due", N_("Reply by"), K_TEXT },
	{ "ledger", "diagnose_due", N_("Diagnose by"), K_TEXT },
	{ "ledger", "escalate_due", N_("Escalate by"), K_TEXT },
	{ "ledger", "diagnosis", N_("Diagnosis"), K_TEXT },
	{ "ledger", "diagnosed_at", N_("Diagnosed at"), K_TEXT },
	{ "ledger", "escalated_at", N_("Escalated at"), K_TEXT },
	{ "ledger", "escalated_to", N_("Escalated to"), K_PERSON },
	{ "ledger", "escalation_note", N_("Escalation note"), K_TEXT },
	{ "ledger", "unresolvable_reason", N_("Why unresolvable"), K_TEXT },
	{ "contract", "id", N_("Contract no."), K_TEXT },
	{ "contract", "from_on", N_("From"), K_TEXT },
	{ "contract", "to_on", N_("To"), K_TEXT },
	{ "contract", "visits", NC_("contract", "Visits"), K_VISITS },
	{ "contract", "covers", N_("Covers"), K_COVERS },
	{ "contract", "free_repairs", N_("Free repairs"), K_TEXT },
	{ "contract", "equipment", N_("Equipment"), K_LIST },
	{ "contract", "levels", N_("Service levels"), K_TEXT },
	{ "visit", "from", N_("From"), K_TEXT },
	{ "visit", "until", N_("To"), K_TEXT },
	{ "visit", "created", N_("Visits planned"), K_TEXT },
	{ "visit", "moved", N_("Visits moved"), K_TEXT },
	{ "visit", "removed", N_("Visits removed"), K_TEXT },
	{ "visit", "unchanged", N_("Visits unchanged"), K_TEXT },
	{ "request", "demo", N_("Demonstration data"), K_BOOL },
	{ "repair_order", "state", N_("State"), K_REPAIR },
	{ "staff", "login", N_("Login"), K_TEXT },
	{ "staff", "role", N_("Role"), K_ROLE },
	{ "staff", "name", NC_("person", "Name"), K_TEXT },
	{ "staff", "active", N_("Active"), K_BOOL },
	{ "customer", "name", N_("Customer"), K_TEXT },
	{ "customer", "engineer", N_("Appointed engineer"), K_PERSON },
	{ "customer", "deputy", N_("Deputy engineer"), K_PERSON },
	{ "customer", "agreed_by", N_("Agreed for the customer by"), K_TEXT },
	{ "complaint", "severity", N_("Severity"), K_SEVERITY },
	{ "complaint", "class", N_("Class"), K_CLASS },
	{ "complaint", "responsible", N_("Responsible person"), K_TEXT },
	{ "stock_move", "kind", N_("Kind"), K_MOVE },
	{ "stock_move", "qty", N_("Quantity"), K_TEXT },
	{ "stock_move", "on_hand", N_("On hand"), K_TEXT },
	{ "charge", "kind", N_("Kind"), K_TEXT },
	{ "part", "active", N_("In use"), K_BOOL },
	{ NULL, "version", NULL, K_HIDE },
	{ NULL, "regno", N_("Register no."), K_TEXT },
	{ NULL, "customer", N_("Customer"), K_TEXT },
	{ NULL, "contact", N_("Contact"), K_TEXT },
	{ NULL, "phone", N_("Phone"), K_TEXT },
	{ NULL, "address", N_("Address"), K_TEXT },
	{ NULL, "region", N_("Region"), K_TEXT },
	{ NULL, "key_customer", N_("Key customer"), K_BOOL },
	{ NULL, "serial", N_("Serial no."), K_TEXT },
	{ NULL, "model", N_("Model"), K_TEXT },
	{ NULL, "priority", N_("Priority"), K_TEXT },
	{ NULL, "engineer", N_("Engineer"), K_PERSON },
	{ NULL, "responsible", N_("Responsible"), K_PERSON },
	{ NULL, "service_mode", N_("Service mode"), K_MODE },
	{ NULL, "note", N_("Note"), K_TEXT },
	{ NULL, "reason", N_("Reason"), K_TEXT },
	{ NULL, "description", N_("Description"), K_TEXT },
	{ NULL, "part_no", N_("Part no."), K_TEXT },
	{ NULL, "name", N_("Name"), K_TEXT },
	{ NULL, "spec", N_("Specification"), K_TEXT },
	{ NULL, "brand", N_("Brand"), K_TEXT },
	{ NULL, "unit", N_("Unit"), K_TEXT },
	{ NULL, "location", N_("Location"), K_TEXT },
	{ NULL, "reorder_point", N_("Reorder point"), K_TEXT },
	{ NULL, "reorder_qty", N_("Reorder quantity"), K_TEXT },
	{ NULL, "on_order", N_("On order"), K_TEXT },
	{ NULL, "tier", N_("Warranty tier"), K_TIER },
	{ NULL, "cause", N_("Cause"), K_TEXT },
	{ NULL, "amount_fen", N_("Amount"), K_FEN },
	{ NULL, "billed_fen", N_("Billed"), K_FEN },
	{ NULL, "cost_fen", N_("Unit cost"), K_FEN },
	{ NULL, "avg_cost_fen", N_("Average cost"), K_FEN },
	{ NULL, "claim_fen", N_("Claim"), K_FEN },
	{ NULL, "settled_fen", N_("Settled"), K_FEN },
	{ NULL, "invoice_no", N_("Invoice no."), K_TEXT },
	{ NULL, "received_at", N_("Received at"), K_TEXT },
	{ NULL, "service_on", N_("Service date"), K_TEXT },
	{ NULL, "delivered_on", N_("Delivered on"), K_TEXT },
	{ NULL, "accepted_on", N_("Accepted on"), K_TEXT },
	{ NULL, "commissioned_on", N_("Commissioned on"), K_TEXT },
	{ NULL, "warranty_months", N_("Warranty months"), K_TEXT },
	{ NULL, "loan_unit", N_("Loan unit"), K_BOOL },
	{ NULL, "free_repair", N_("Free repair"), K_BOOL },
	{ NULL, "proposed_at", N_("Proposed at"), K_TEXT },
	{ NULL, "first_contact_at", N_("First contact at"), K_TEXT },
	{ NULL, "planned_visit_at", N_("Visit planned for"), K_TEXT },
	{ NULL, "arrived_at", N_("Arrived at"), K_TEXT },
	{ NULL, "cleared_at", N_("Cleared at"), K_TEXT },
	{ NULL, "confirmed_by", N_("Confirmed by"), K_TEXT },
	{ NULL, "confirmed_at", N_("Confirmed at"), K_TEXT },
	{ NULL, "closed_at", N_("Closed at"), K_TEXT },
	{ NULL, "closed_by", N_("Closed by"), K_PERSON },
};

/* What was done, per table and action (msgids); the first match wins. */
struct action {
	const char *table, *action, *words;
};

static const struct action actions[] = {
	{ "request", "insert", N_("request registered") },
	{ "request", "update", N_("request edited") },
	{ "request", "edit", N_("request edited") },
	{ "request", "hand", N_("request handed over") },
	{ "request", "void", N_("request voided") },
	{ "ledger", "take", N_("taken into the ledger") },
	{ "visit", "plan", N_("visits planned") },
	{ "ledger", "assign", N_("engineer assigned") },
	{ "ledger", "contact", N_("first contact with the user") },
	{ "ledger", "propose", N_("solution proposed") },
	{ "ledger", "plan_visit", N_("on-site visit planned") },
	{ "ledger", "arrive", N_("arrived on site") },
	{ "ledger", "diagnose", N_("diagnosis recorded") },
	{ "ledger", "escalate", N_("escalated") },
	{ "ledger", "item", N_("item settled") },
	{ "ledger", "clear", N_("fault cleared") },
	{ "ledger", "confirm", N_("user's confirmation recorded") },
	{ "ledger", "close", N_("entry closed") },
	{ "ledger", "unresolvable", N_("marked unresolvable") },
	{ "ledger", "pause", N_("clocks paused") },
	{ "ledger", "resume", N_("clocks resumed") },
	{ "ledger", "card", N_("service card signed") },
	{ "ledger", "card_in", N_("service card back at the office") },
	{ "charge", "insert", N_("charge added") },
	{ "payment", "insert", N_("payment recorded") },
	{ "visit", "insert", N_("visit added") },
	{ "visit", "assign", N_("visit assigned") },
	{ "visit", "move", N_("visit moved") },
	{ "visit", "cancel", N_("visit cancelled") },
	{ "visit", "done", N_("visit done") },
	{ "visit", "miss", N_("visit missed") },
	{ "visit", "request", N_("request raised from the visit") },
	{ "visit_rule", "update", N_("visit rule changed") },
	{ "stocktake", "start", N_("stocktake started") },
	{ "stocktake", "import", N_("stocktake counts imported") },
	{ "stocktake", "post", N_("stocktake posted") },
	{ "stocktake_line", "count", N_("stocktake count recorded") },
	{ "part", "order", N_("part ordered") },
	{ "downtime", "insert", N_("downtime recorded") },
	{ "database", "restore", N_("database restored from a backup") },
	{ "request", "import", N_("requests imported") },
	{ "complaint", "update", N_("complaint changed") },
	{ "complaint", "verify", N_("corrective action checked") },
	{ "complaint", "escalate", N_("escalated to the general manager") },
	{ "repair_order", "start", N_("repair started") },
	{ "repair_order", "done", N_("repair done") },
	{ "repair_order", "scrap", N_("product scrapped") },
	{ "repair_order", "return", N_("product returned") },
	{ "sla_policy", NULL, N_("service-level policy changed") },
	{ "part", "insert", N_("part added") },
	{ "part", "update", N_("part changed") },
	{ "staff", "insert", N_("added to the staff list") },
	{ "staff", "update", N_("staff member changed") },
	{ "customer", "insert", N_("customer added") },
	{ "customer", "update", N_("customer changed") },
	{ "customer", "appoint", N_("appointed engineer changed") },
	{ "equipment", "insert", N_("equipment added") },
	{ "equipment", "update", N_("equipment changed") },
	{ "complaint", "insert", N_("complaint recorded") },
	{ "complaint", "close", N_("complaint closed") },
	{ "complaint", "approve", N_("complaint approved") },
	{ "complaint", "progress", N_("progress recorded") },
	{ "complaint", "reply", N_("first reply given") },
	{ "repair_order", "insert", N_("repair order opened") },
	{ "loan", "lend", N_("loan unit lent") },
	{ "loan", "return", N_("loan unit returned") },
	{ "contract", "insert", N_("contract added") },
	{ "setting", NULL, N_("setting changed") },
	{ "attachment", "insert", N_("original attached") },
};

/* The code's index among n codes given by code(i); -1. */
static int
code_index(const char *v, int n, const char *(*code)(int))
{
	for (int i = 0; i < n; i++)
		if (strcmp(code(i), v) == 0)
			return i;
	return -1;
}

void
audit_words_action(const char *table, const char *action, buf *out)
{
	int k;

	/* a stock movement's action is its kind */
	if (strcmp(table, "stock_move") == 0 && (k = code_index(action, MOVE_KIND_COUNT, stock_move_code)) >= 0) {
		buf_printf(out, _("stock movement: %s"), stock_move_name(k));
		return;
	}
	for (size_t i = 0; i < SD_ARRAY_LEN(actions); i++)
		if (strcmp(actions[i].table, table) == 0 &&
		    (!actions[i].action || strcmp(actions[i].action, action) == 0)) {
			buf_puts(out, _(actions[i].words));
			return;
		}
	buf_printf(out, "%s %s", table, action);
}

static const struct field *
field_of(const char *table, const char *key)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(fields); i++)
		if ((!fields[i].table || strcmp(fields[i].table, table) == 0) && strcmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}

/* A JSON array: its texts one after the other (K_LIST), or the costs whose
 * flag is 1 (K_COVERS, in the order of the costs). */
static void
array_words(store *st, enum kind k, const char *json, buf *out)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT value FROM json_each(?1) ORDER BY id", NULL);
	bool covers[COST_COUNT] = { false };
	size_t start = out->len;
	int c = 0;

	if (!q) {
		buf_puts(out, json);
		return;
	}
	sqlite3_bind_text(q, 1, json, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(q, 0);

		if (k == K_COVERS) {
			if (c < COST_COUNT)
				covers[c++] = e && strcmp(e, "1") == 0;
		} else {
			if (out->len > start)
				buf_puts(out, _(", "));
			buf_puts(out, e ? e : "");
		}
	}
	sqlite3_reset(q);
	if (k == K_COVERS)
		contract_covers_text(out, covers);
	else if (out->len == start)
		buf_puts(out, _("(none)"));
}

/* A value (JSON type jtype, its text v) as the desk shows it. */
static void
value_words(store *st, enum kind k, const char *jtype, const char *v, buf *out)
{
	const char *name = NULL;
	int i;

	if (!jtype || strcmp(jtype, "null") == 0 || !v) {
		buf_puts(out, _("(none)"));
		return;
	}
	switch (k) {
	case K_FEN:
		if (strcmp(jtype, "integer") == 0) {
			char m[32];

			money_format(strtoll(v, NULL, 10), m);
			buf_puts(out, m);
			return;
		}
		break;
	case K_PERSON:
		staff_label(st, v, out);
		return;
	case K_BOOL:
		if (strcmp(v, "0") == 0 || strcmp(v, "1") == 0) {
			buf_puts(out, strcmp(v, "1") == 0 ? _("yes") : _("no"));
			return;
		}
		break;
	case K_LEDGER:
		if ((i = ledger_state_parse(v)) >= 0)
			name = ledger_state_name(i);
		break;
	case K_REQUEST:
		if ((i = intake_status_parse(v)) >= 0)
			name = intake_status_name(i);
		break;
	case K_MODE:
		if ((i = ledger_mode_parse(v)) >= 0)
			name = ledger_mode_name(i);
		break;
	case K_HOW:
		if ((i = ledger_how_parse(v)) >= 0)
			name = ledger_how_name(i);
		break;
	case K_ROLE:
		if ((i = staff_role_parse(v)) >= 0)
			name = staff_role_name(i);
		break;
	case K_TIER:
		if ((i = code_index(v, TIER_COUNT, warranty_tier_code)) >= 0)
			name = warranty_tier_name(i);
		break;
	case K_MOVE:
		if ((i = code_index(v, MOVE_KIND_COUNT, stock_move_code)) >= 0)
			name = stock_move_name(i);
		break;
	case K_REPAIR:
		if ((i = repair_state_parse(v)) >= 0)
			name = repair_state_name(i);
		break;
	case K_SEVERITY:
		if ((i = complaint_severity_parse(v)) >= 0)
			name = complaint_severity_name(i);
		break;
	case K_CLASS:
		if ((i = complaint_class_parse(v)) >= 0)
			name = complaint_class_name(i);
		break;
	case K_CHANNEL:
		if ((i = intake_channel_parse(v)) >= 0)
			name = intake_channel_name(i);
		break;
	case K_VISITS:
		if ((i = contract_visits_parse(v)) >= 0)
			name = contract_visits_name(i);
		break;
	case K_LIST:
	case K_COVERS:
		if (strcmp(jtype, "array") == 0) {
			array_words(st, k, v, out);
			return;
		}
		break;
	case K_TEXT:
	case K_HIDE:
		break;
	}
	buf_puts(out, name ? name : v);
}

int
audit_words_changes(store *st, const char *table, const char *old_json, const char *new_json, buf *out,
                    sd_err *err)
{
	/* every field of the new record that is new or differs (as CHANGES_SQL in admin.c) */
	static const char sql[] =
		"SELECT n.key, o.type, o.value, n.type, n.value "
		"FROM json_each(CASE WHEN json_valid(?1) THEN ?1 ELSE '{}' END) n "
		"LEFT JOIN json_each(CASE WHEN json_valid(?2) THEN ?2 ELSE '{}' END) o ON o.key = n.key "
		"WHERE (o.key IS NULL AND n.type <> 'null') "
		"OR (o.key IS NOT NULL AND (o.value IS NOT n.value OR o.type IS NOT n.type)) "
		"ORDER BY n.id";
	sqlite3_stmt *q = store_prepare(st, sql, err);
	size_t start = out->len;
	int rc;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, new_json ? new_json : "{}", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, old_json ? old_json : "{}", -1, SQLITE_TRANSIENT);
	/* copied out first: the values' words use the store themselves */
	struct row { char *key, *otype, *oval, *ntype, *nval; } *rows = NULL;
	size_t n = 0, cap = 0;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[n].key = xstrdup((const char *)sqlite3_column_text(q, 0));
		rows[n].otype = sqlite3_column_type(q, 1) == SQLITE_NULL ? NULL
		                : xstrdup((const char *)sqlite3_column_text(q, 1));
		rows[n].oval = sqlite3_column_type(q, 2) == SQLITE_NULL ? NULL
		               : xstrdup((const char *)sqlite3_column_text(q, 2));
		rows[n].ntype = xstrdup((const char *)sqlite3_column_text(q, 3));
		rows[n].nval = sqlite3_column_type(q, 4) == SQLITE_NULL ? NULL
		               : xstrdup((const char *)sqlite3_column_text(q, 4));
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++) {
			free(rows[i].key);
			free(rows[i].otype);
			free(rows[i].oval);
			free(rows[i].ntype);
			free(rows[i].nval);
		}
		free(rows);
		return store_fail(st, rc, _("reading the audit trail"), err);
	}
	for (size_t i = 0; i < n; i++) {
		const struct field *f = field_of(table, rows[i].key);
		enum kind k = f ? f->kind : K_TEXT;

		if (k != K_HIDE) {
			if (out->len > start)
				buf_puts(out, _("; "));
			buf_printf(out, _("%s: "), f && f->label ? text_gettext_ctx(f->label) : rows[i].key);
			/* a field that had no value: only the new one */
			if (rows[i].otype && strcmp(rows[i].otype, "null") != 0) {
				value_words(st, k, rows[i].otype, rows[i].oval, out);
				buf_puts(out, " → ");
			}
			value_words(st, k, rows[i].ntype, rows[i].nval, out);
		}
		free(rows[i].key);
		free(rows[i].otype);
		free(rows[i].oval);
		free(rows[i].ntype);
		free(rows[i].nval);
	}
	free(rows);
	return SD_OK;
}
