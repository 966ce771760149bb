/*
 * custyear.c — the services, visits and repairs of a customer's year.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "custyear.h"
#include "history.h"
#include "intake.h"
#include "ledger.h"
#include "visit.h"

#define GROW(arr, n, cap) do { if ((n) == (cap)) { (cap) = (cap) ? (cap) * 2 : 16; \
	(arr) = xrealloc((arr), (cap) * sizeof *(arr)); } } while (0)

static const char *
col(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static void
copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

int
custyear_lists_load(store *st, const char *customer, int year, sd_custyear_lists *l, sd_err *err)
{
	char from[24], to[24];
	size_t cap;
	sqlite3_stmt *q;
	int rc;

	memset(l, 0, sizeof *l);
	unsigned y = (unsigned)year % 10000u;

	snprintf(from, sizeof from, "%04u-01-01 00:00", y);
	snprintf(to, sizeof to, "%04u-01-01 00:00", (y + 1) % 10000u);

	/* the requests received in the year, not voided, with their entries' states */
	q = store_prepare(st,
		"SELECT r.received_at, r.regno, r.serial, "
		"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1), "
		"r.status, l.state, l.repeat_of IS NOT NULL "
		"FROM request r LEFT JOIN ledger l ON l.request_id = r.id "
		"WHERE r.customer = ?1 AND r.received_at >= ?2 AND r.received_at < ?3 AND r.status <> 'void' "
		"ORDER BY r.received_at, r.id", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, to, -1, SQLITE_TRANSIENT);
	cap = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		GROW(l->services, l->nservices, cap);
		cy_service *s = &l->services[l->nservices++];
		int v;

		memset(s, 0, sizeof *s);
		copy(s->received_at, sizeof s->received_at, col(q, 0));
		copy(s->regno, sizeof s->regno, col(q, 1));
		s->serial = xstrdup(col(q, 2));
		s->item = xstrdup(col(q, 3));
		if (col(q, 5) && (v = ledger_state_parse(col(q, 5))) >= 0) {
			s->state = xstrdup(ledger_state_name(v));
			s->state_code = xstrdup(ledger_state_code(v));
		} else if ((v = intake_status_parse(col(q, 4))) >= 0) {
			s->state = xstrdup(intake_status_name(v));
			s->state_code = xstrdup(col(q, 4));
		}
		s->repeat = sqlite3_column_int(q, 6) != 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the customer's requests"), err);

	/* the visits due in the year */
	q = store_prepare(st,
		"SELECT v.id, v.due_on, v.done_at, v.kind, v.status, e.serial, v.satisfaction "
		"FROM visit v JOIN customer c ON c.id = v.customer_id "
		"LEFT JOIN equipment e ON e.id = v.equipment_id "
		"WHERE c.name = ?1 AND v.due_on >= substr(?2, 1, 10) AND v.due_on < substr(?3, 1, 10) "
		"ORDER BY v.due_on, v.id", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, to, -1, SQLITE_TRANSIENT);
	cap = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		GROW(l->visits, l->nvisits, cap);
		cy_visit *v = &l->visits[l->nvisits++];
		int k;

		memset(v, 0, sizeof *v);
		v->id = sqlite3_column_int64(q, 0);
		copy(v->due_on, sizeof v->due_on, col(q, 1));
		copy(v->done_at, sizeof v->done_at, col(q, 2));
		v->kind_code = xstrdup(col(q, 3));
		v->kind = xstrdup((k = visit_kind_parse(col(q, 3))) >= 0 ? visit_kind_name(k) : col(q, 3));
		v->status_code = xstrdup(col(q, 4));
		v->status = xstrdup((k = visit_status_parse(col(q, 4))) >= 0 ? visit_status_name(k) : col(q, 4));
		v->serial = xstrdup(col(q, 5));
		v->satisfaction = sqlite3_column_int(q, 6);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the customer's visits"), err);

	/* the repairs: entries closed in the year, with the parts replaced and what was billed */
	q = store_prepare(st,
		"SELECT l.closed_at, r.regno, r.serial, coalesce(f.name, l.fault_code), "
		"(SELECT group_concat(x.name || ' ×' || x.n, ', ') FROM "
		"  (SELECT p.name AS name, -sum(m.qty) AS n FROM stock_move m JOIN part p ON p.id = m.part_id "
		"   WHERE m.ledger_id = l.id AND m.kind IN ('issue', 'return') GROUP BY p.id "
		"   HAVING sum(m.qty) < 0 ORDER BY p.part_no) x), "
		"(SELECT coalesce(sum(billed_fen), 0) FROM charge WHERE ledger_id = l.id) "
		"FROM request r JOIN ledger l ON l.request_id = r.id "
		"LEFT JOIN fault_category f ON f.code = l.fault_code "
		"WHERE r.customer = ?1 AND l.state = 'closed' AND l.closed_at >= ?2 AND l.closed_at < ?3 "
		"ORDER BY l.closed_at, l.id", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, to, -1, SQLITE_TRANSIENT);
	cap = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		GROW(l->repairs, l->nrepairs, cap);
		cy_repair *r = &l->repairs[l->nrepairs++];

		memset(r, 0, sizeof *r);
		copy(r->closed_at, sizeof r->closed_at, col(q, 0));
		copy(r->regno, sizeof r->regno, col(q, 1));
		r->serial = xstrdup(col(q, 2));
		r->fault = xstrdup(col(q, 3));
		r->parts = xstrdup(col(q, 4));
		r->billed_fen = sqlite3_column_int64(q, 5);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the customer's repairs"), err);
	return SD_OK;
}

void
custyear_lists_free(sd_custyear_lists *l)
{
	for (size_t i = 0; i < l->nservices; i++) {
		free(l->services[i].serial);
		free(l->services[i].item);
		free(l->services[i].state);
		free(l->services[i].state_code);
	}
	for (size_t i = 0; i < l->nvisits; i++) {
		free(l->visits[i].kind);
		free(l->visits[i].kind_code);
		free(l->visits[i].status);
		free(l->visits[i].status_code);
		free(l->visits[i].serial);
	}
	for (size_t i = 0; i < l->nrepairs; i++) {
		free(l->repairs[i].serial);
		free(l->repairs[i].fault);
		free(l->repairs[i].parts);
	}
	free(l->services);
	free(l->visits);
	free(l->repairs);
	memset(l, 0, sizeof *l);
}

#define COL(k, h, t, dec, w80, w132, fl) { (char *)(k), (char *)(h), t, dec, w80, w132, fl }

void
custyear_lists_doc(sd_doc *d, const sd_custyear_lists *l)
{
	doc_col scols[] = {
		COL("received_at", _("Received at"), DOC_TIME, 0, 16, 16, 0),
		COL("regno", _("Reg. no."), DOC_TEXT, 0, 11, 11, 0),
		COL("serial", _("Serial no."), DOC_TEXT, 0, 15, 20, 0),
		COL("item", _("Item"), DOC_TEXT, 0, 16, 50, 0),
		COL("state", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("state_name", _("State"), DOC_TEXT, 0, 12, 16, DOC_PEOPLE),
		COL("repeat", "", DOC_COUNT, 0, 0, 0, DOC_MACHINE),
	};
	doc_col vcols[] = {
		COL("id", _("No."), DOC_COUNT, 0, 5, 6, 0),
		COL("due_on", _("Due"), DOC_DATE, 0, 10, 10, 0),
		COL("kind", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("kind_name", _("Kind"), DOC_TEXT, 0, 14, 20, DOC_PEOPLE),
		COL("serial", _("Serial no."), DOC_TEXT, 0, 15, 20, 0),
		COL("status", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("status_name", _("Status"), DOC_TEXT, 0, 8, 10, DOC_PEOPLE),
		COL("done_at", _("Done at"), DOC_TIME, 0, 16, 16, 0),
		COL("satisfaction", _("Sat."), DOC_COUNT, 0, 4, 6, 0),
	};
	doc_col rcols[] = {
		COL("closed_at", _("Closed at"), DOC_TIME, 0, 16, 16, 0),
		COL("regno", _("Reg. no."), DOC_TEXT, 0, 11, 11, 0),
		COL("serial", _("Serial no."), DOC_TEXT, 0, 0, 20, 0),
		COL("fault", _("Fault category"), DOC_TEXT, 0, 14, 20, 0),
		COL("parts", _("Parts replaced"), DOC_TEXT, 0, 18, 36, 0),
		COL("billed", _("Billed"), DOC_MONEY, 0, 10, 12, 0),
	};
	doc_block *t;
	int64_t billed = 0;

	doc_section_add(d, "services", _("Services: every request of the year"));
	t = doc_table(d, "services", NULL, scols, SD_ARRAY_LEN(scols));
	for (size_t i = 0; i < l->nservices; i++) {
		const cy_service *s = &l->services[i];
		buf st = { 0 };

		if (s->repeat)
			buf_printf(&st, "%s ", history_repeat_label());
		buf_puts(&st, s->state ? s->state : "");
		doc_cell r[] = {
			doc_time(s->received_at), doc_text(s->regno), doc_text(s->serial), doc_text(s->item),
			doc_text(s->state_code), doc_text(buf_str(&st)), doc_count(s->repeat),
		};
		doc_row(t, r);
		buf_free(&st);
	}
	if (!l->nservices)
		doc_note(d, NULL, _("No requests in the year."));

	doc_section_add(d, "visits", _("Visits of the year"));
	t = doc_table(d, "visits", NULL, vcols, SD_ARRAY_LEN(vcols));
	for (size_t i = 0; i < l->nvisits; i++) {
		const cy_visit *v = &l->visits[i];
		doc_cell r[] = {
			doc_count(v->id), doc_date(v->due_on), doc_text(v->kind_code), doc_text(v->kind),
			doc_text(v->serial), doc_text(v->status_code), doc_text(v->status), doc_time(v->done_at),
			v->satisfaction > 0 ? doc_count(v->satisfaction) : doc_empty(),
		};
		doc_row(t, r);
	}
	if (!l->nvisits)
		doc_note(d, NULL, _("No visits in the year."));

	doc_section_add(d, "repairs", _("Repairs: the entries closed in the year"));
	t = doc_table(d, "repairs", NULL, rcols, SD_ARRAY_LEN(rcols));
	for (size_t i = 0; i < l->nrepairs; i++) {
		const cy_repair *p = &l->repairs[i];
		doc_cell r[] = {
			doc_time(p->closed_at), doc_text(p->regno), doc_text(p->serial), doc_text(p->fault),
			doc_text(p->parts), doc_money(p->billed_fen),
		};
		doc_row(t, r);
		billed += p->billed_fen;
	}
	if (!l->nrepairs) {
		doc_note(d, NULL, _("No repairs closed in the year."));
	} else {
		doc_cell foot[] = { doc_text(_("Total")), doc_text(""), doc_text(""), doc_text(""),
		                    doc_text(""), doc_money(billed) };
		doc_row_foot(t, foot);
	}
}
