/*
 * complaint_report.c — the complaint handling figures of the monthly
 * summary and their section of the document.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "complaint_report.h"
#include "datetime.h"

void
complaint_month_free(sd_complaint_month *m)
{
	for (size_t i = 0; i < m->ncauses; i++)
		free(m->causes[i].name);
	free(m->causes);
	for (size_t i = 0; i < m->ndepartments; i++)
		free(m->departments[i].name);
	free(m->departments);
	for (size_t i = 0; i < m->nopen_serious; i++)
		free(m->open_serious[i].customer);
	free(m->open_serious);
	memset(m, 0, sizeof *m);
}

static sqlite3_stmt *
prep(store *st, const char *sql, const char *from, const char *to, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);

	if (q) {
		sqlite3_bind_text(q, 1, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, to, -1, SQLITE_TRANSIENT);
	}
	return q;
}

static int
done(store *st, sqlite3_stmt *q, int rc, sd_err *err)
{
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("reading the complaints"), err);
}

/* Counts grouped by a text column, most first, the top ones kept and the rest summed. */
static int
top_of(store *st, const char *sql, const char *from, const char *to, cm_named **v, size_t *n,
       long *other, sd_err *err)
{
	sqlite3_stmt *q = prep(st, sql, from, to, err);
	int rc;

	if (!q)
		return err->status;
	*v = xcalloc(COMPLAINT_REPORT_TOP, sizeof **v);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long c = sqlite3_column_int(q, 1);
		if (*n < COMPLAINT_REPORT_TOP) {
			(*v)[*n].name = store_col_dup(q, 0);
			if (!(*v)[*n].name)
				(*v)[*n].name = xstrdup("");
			(*v)[(*n)++].n = c;
		} else {
			*other += c;
		}
	}
	return done(st, q, rc, err);
}

int
complaint_month(store *st, const char *from, const char *to, sd_complaint_month *m, sd_err *err)
{
	sqlite3_stmt *q;
	int rc;

	memset(m, 0, sizeof *m);
	m->reply_median_min = m->reply_average_min = -1;
	if (!(q = prep(st, "SELECT severity, count(*) FROM complaint WHERE received_at >= ?1 AND "
	                   "received_at < ?2 GROUP BY severity", from, to, err)))
		return err->status;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int s = complaint_severity_parse((const char *)sqlite3_column_text(q, 0));
		long c = sqlite3_column_int(q, 1);
		m->received += c;
		if (s >= 0)
			m->by_severity[s] += c;
	}
	if ((rc = done(st, q, rc, err)) != SD_OK)
		return rc;
	/* blank causes and departments are grouped as not recorded ("") */
	if ((rc = top_of(st, "SELECT coalesce(trim(cause), ''), count(*) FROM complaint "
	                     "WHERE received_at >= ?1 AND received_at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1",
	                 from, to, &m->causes, &m->ncauses, &m->other_causes, err)) != SD_OK ||
	    (rc = top_of(st, "SELECT coalesce(trim(department), ''), count(*) FROM complaint "
	                     "WHERE received_at >= ?1 AND received_at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1",
	                 from, to, &m->departments, &m->ndepartments, &m->other_departments, err)) != SD_OK)
		return rc;
	/*
	 * The reply clock: the reply counts when it came before the month's end;
	 * a complaint closed without a reply stops its clock at the close, as the
	 * complaint list shows it (complaint_reply_state).
	 */
	if (!(q = prep(st, "SELECT received_at, reply_due, "
	                   "CASE WHEN coalesce(replied_at, closed_at) < ?2 THEN coalesce(replied_at, closed_at) END "
	                   "FROM complaint "
	                   "WHERE received_at >= ?1 AND received_at < ?2 AND reply_due IS NOT NULL",
	               from, to, err)))
		return err->status;
	long *mins = NULL;
	size_t nm = 0, cap = 0;
	long long sum = 0;
	char now[17];
	store_now(now);
	/* not replied yet: late once the due time passed before the month's end (or now, if earlier) */
	const char *cut = strcmp(now, to) < 0 ? now : to;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *rec = (const char *)sqlite3_column_text(q, 0);
		const char *due = (const char *)sqlite3_column_text(q, 1);
		const char *rep = (const char *)sqlite3_column_text(q, 2);
		sd_time tr, tp;

		m->reply_clocks++;
		if (rep) {
			if (strcmp(rep, due) <= 0)
				m->reply_within++;
			else
				m->reply_late++;
			if (time_parse(rec, &tr) && time_parse(rep, &tp)) {
				if (nm == cap)
					mins = xrealloc(mins, (cap = cap ? cap * 2 : 16) * sizeof *mins);
				mins[nm++] = (long)(tp - tr);
				sum += tp - tr;
			}
		} else if (strcmp(due, cut) < 0) {
			m->reply_late++;
		}
	}
	if ((rc = done(st, q, rc, err)) != SD_OK) {
		free(mins);
		return rc;
	}
	if (nm) {
		/* nearest-rank median, as the ledger's clocks in the summary */
		for (size_t i = 1; i < nm; i++)
			for (size_t j = i; j > 0 && mins[j - 1] > mins[j]; j--) {
				long t = mins[j];
				mins[j] = mins[j - 1];
				mins[j - 1] = t;
			}
		m->reply_median_min = mins[(nm + 1) / 2 - 1];
		m->reply_average_min = (long)((sum + (long long)nm / 2) / (long long)nm);
	}
	free(mins);
	/* serious and major complaints open at the month's end */
	if (!(q = prep(st, "SELECT id, received_at, customer, severity, approved_at IS NOT NULL, "
	                   "gm_escalated_on IS NOT NULL AND gm_escalated_on < substr(?2, 1, 10) "
	                   "FROM complaint WHERE severity IN ('serious', 'major') AND received_at < ?2 "
	                   "AND (closed_at IS NULL OR closed_at >= ?2) AND ?1 <= ?2 "
	                   "ORDER BY received_at, id", from, to, err)))
		return err->status;
	cap = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (m->nopen_serious == cap)
			m->open_serious = xrealloc(m->open_serious, (cap = cap ? cap * 2 : 8) * sizeof *m->open_serious);
		cm_open *o = &m->open_serious[m->nopen_serious++];
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(q, 0);
		store_col_copy(q, 1, o->received_at, sizeof o->received_at);
		o->customer = store_col_dup(q, 2);
		o->severity = complaint_severity_parse((const char *)sqlite3_column_text(q, 3));
		o->approved = sqlite3_column_int(q, 4) != 0;
		o->escalated = sqlite3_column_int(q, 5) != 0;
	}
	return done(st, q, rc, err);
}

#define COL(k, h, t, dec, w80, w132, fl) { (char *)(k), (char *)(h), t, dec, w80, w132, fl }

static void
named_table(sd_doc *d, const char *key, const char *head, const cm_named *v, size_t n, long other,
            const char *other_key)
{
	doc_col cols[] = {
		COL("name", head, DOC_TEXT, 0, 50, 80, 0),
		COL("complaints", _("Complaints"), DOC_COUNT, 0, 12, 14, 0),
	};
	doc_block *t = doc_table(d, key, NULL, cols, SD_ARRAY_LEN(cols));

	for (size_t i = 0; i < n; i++) {
		doc_cell r[] = { doc_text(*v[i].name ? v[i].name : _("not recorded")), doc_count(v[i].n) };
		doc_row(t, r);
	}
	if (other) {
		doc_cell r[] = { doc_text(_("other")), doc_count(other) };
		doc_row_foot(t, r);
	}
	doc_figure_add(d, other_key, _("other"), DOC_COUNT, 0, DOC_MACHINE, doc_count(other));
}

void
complaint_month_doc(sd_doc *d, const sd_complaint_month *m)
{
	doc_section_add(d, "complaint_handling", _("Complaint handling"));
	static const char *const sev_labels[CS_COUNT] = {
		N_("General complaints received"), N_("Serious complaints received"), N_("Major complaints received"),
	};
	for (int s = 0; s < CS_COUNT; s++) {
		char key[32];
		snprintf(key, sizeof key, "severity_%s", complaint_severity_code(s));
		doc_figure_add(d, key, _(sev_labels[s]), DOC_COUNT, 0, 0, doc_count(m->by_severity[s]));
	}
	doc_figure_add(d, "reply_clocks", _("First replies due"),
	               DOC_COUNT, 0, 0, doc_count(m->reply_clocks));
	doc_figure_add(d, "reply_within", _("Replied within the target"), DOC_COUNT, 0, 0,
	               doc_count(m->reply_within));
	doc_figure_add(d, "reply_late", _("Replied late or not replied past due"), DOC_COUNT, 0, 0,
	               doc_marked(doc_count(m->reply_late), m->reply_late > 0));
	doc_figure_add(d, "reply_within_share", _("Share within the target"), DOC_SHARE, 1, 0,
	               doc_share(m->reply_within, m->reply_clocks));
	doc_figure_add(d, "reply_median", _("Time to the first reply, median"), DOC_MINUTES, 0, 0,
	               doc_minutes(m->reply_median_min));
	doc_figure_add(d, "reply_average", _("Time to the first reply, average"), DOC_MINUTES, 0, 0,
	               doc_minutes(m->reply_average_min));
	named_table(d, "by_cause", _("Cause"), m->causes, m->ncauses, m->other_causes, "other_causes");
	named_table(d, "by_department", _("Responsible department"), m->departments, m->ndepartments,
	            m->other_departments, "other_departments");
	doc_col cols[] = {
		COL("id", _("No."), DOC_COUNT, 0, 6, 8, 0),
		COL("received_at", _("Received"), DOC_TIME, 0, 16, 16, 0),
		COL("customer", _("Customer"), DOC_TEXT, 0, 24, 40, 0),
		COL("severity", _("Severity"), DOC_TEXT, 0, 8, 8, 0),
		COL("approved", _("Approved"), DOC_TEXT, 0, 8, 8, 0),
		COL("escalated", _("General manager"), DOC_TEXT, 0, 10, 12, 0),
	};
	doc_block *t = doc_table(d, "open_serious", _("Serious and major complaints still open"), cols,
	                         SD_ARRAY_LEN(cols));
	for (size_t i = 0; i < m->nopen_serious; i++) {
		const cm_open *o = &m->open_serious[i];
		doc_cell r[] = {
			doc_count(o->id), doc_time(o->received_at), doc_text(o->customer),
			doc_text(complaint_severity_name(o->severity)), doc_text(o->approved ? _("yes") : _("no")),
			doc_text(o->escalated ? _("escalated") : ""),
		};
		doc_row(t, r);
	}
	doc_figure_add(d, "open_serious", _("Serious and major complaints still open"), DOC_COUNT, 0, DOC_MACHINE,
	               doc_count((long long)m->nopen_serious));
}
