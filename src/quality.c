/*
 * quality.c — faults by equipment model and fault category, with repeat
 * repairs and downtime, as a document section.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "quality.h"
#include "report.h"

bool
quality_period(const char *s, sd_quality *q)
{
	char month[8];

	memset(q, 0, sizeof *q);
	if (!s)
		return false;
	if (strlen(s) == 4 && strspn(s, "0123456789") == 4 && atoi(s) >= 1900) {
		unsigned y = (unsigned)atoi(s);

		if (y > 9998)
			return false;
		snprintf(q->period, sizeof q->period, "%04u", y % 10000u);
		snprintf(q->from, sizeof q->from, "%04u-01-01 00:00", y % 10000u);
		snprintf(q->to, sizeof q->to, "%04u-01-01 00:00", (y + 1) % 10000u);
		return true;
	}
	if (!report_parse_month(s, month))
		return false;
	snprintf(q->period, sizeof q->period, "%s", month);
	snprintf(q->from, sizeof q->from, "%s-01 00:00", month);
	report_month_step(month, 1, month);
	snprintf(q->to, sizeof q->to, "%s-01 00:00", month);
	return true;
}

int
quality_load(store *st, sd_quality *q, sd_err *err)
{
	/*
	 * The entries of the period from the index on proposed_at; the machine
	 * by its serial. Recovered and downtime count the clearings before the
	 * period's end, so that a past period's figures stay as they were.
	 */
	sqlite3_stmt *s = store_prepare(st,
		"SELECT coalesce(e.model, ''), l.fault_code, f.name, count(*), "
		"sum(l.repeat_of IS NOT NULL), sum(l.cleared_at < ?2), "
		"coalesce(sum(CASE WHEN l.cleared_at < ?2 THEN "
		"CAST(round((julianday(l.cleared_at) - julianday(r.received_at)) * 1440) AS INTEGER) END), 0) "
		"FROM ledger l JOIN request r ON r.id = l.request_id "
		"LEFT JOIN equipment e ON e.serial = r.serial "
		"LEFT JOIN fault_category f ON f.code = l.fault_code "
		"WHERE l.proposed_at >= ?1 AND l.proposed_at < ?2 AND l.fault_code IS NOT NULL "
		"GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2", err);
	size_t cap = 0;
	int rc;

	if (!s)
		return err->status;
	sqlite3_bind_text(s, 1, q->from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, q->to, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		quality_row *r;

		if (q->nrows == cap) {
			cap = cap ? cap * 2 : 16;
			q->rows = xrealloc(q->rows, cap * sizeof *q->rows);
		}
		r = &q->rows[q->nrows++];
		r->model = store_col_dup(s, 0);
		r->fault_code = store_col_dup(s, 1);
		r->fault_name = store_col_dup(s, 2);
		r->entries = sqlite3_column_int64(s, 3);
		r->repeats = sqlite3_column_int64(s, 4);
		r->recovered = sqlite3_column_int64(s, 5);
		r->down_min = sqlite3_column_int64(s, 6);
		q->entries += r->entries;
		q->repeats += r->repeats;
		q->recovered += r->recovered;
		q->down_min += r->down_min;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the faults by model"), err);
	return SD_OK;
}

void
quality_free(sd_quality *q)
{
	for (size_t i = 0; i < q->nrows; i++) {
		free(q->rows[i].model);
		free(q->rows[i].fault_code);
		free(q->rows[i].fault_name);
	}
	free(q->rows);
	q->rows = NULL;
	q->nrows = 0;
}

#define COL(k, h, t, dec, w80, w132, fl) { (char *)(k), (char *)(h), t, dec, w80, w132, fl }

void
quality_doc_section(sd_doc *d, const sd_quality *q)
{
	doc_col cols[] = {
		COL("model", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("model_name", _("Model"), DOC_TEXT, 0, 18, 30, DOC_PEOPLE),
		COL("fault_code", "", DOC_TEXT, 0, 0, 0, DOC_MACHINE),
		COL("fault", _("Fault category"), DOC_TEXT, 0, 22, 40, DOC_PEOPLE),
		COL("entries", _("Faults"), DOC_COUNT, 0, 8, 10, 0),
		COL("repeats", _("Repeats"), DOC_COUNT, 0, 8, 10, 0),
		COL("recovered", _("Recovered"), DOC_COUNT, 0, 9, 10, 0),
		COL("downtime", _("Downtime"), DOC_MINUTES, 0, 9, 12, 0),
	};
	doc_block *t;

	doc_section_add(d, "quality", _("Quality by equipment model (faults of the solutions proposed)"));
	doc_figure_add(d, "entries", _("Faults (entries with a category)"), DOC_COUNT, 0, 0,
	               doc_count(q->entries));
	doc_figure_add(d, "repeats", _("Repeat repairs"), DOC_COUNT,
	               0, 0, doc_count(q->repeats));
	doc_figure_add(d, "repeat_rate", _("Repeat rate"), DOC_SHARE, 1, 0,
	               doc_share(q->repeats, q->entries));
	doc_figure_add(d, "downtime", _("Downtime until recovered (h:mm)"), DOC_MINUTES, 0, 0,
	               doc_minutes(q->down_min));
	t = doc_table(d, "by_model", NULL, cols, SD_ARRAY_LEN(cols));
	for (size_t i = 0; i < q->nrows; i++) {
		const quality_row *r = &q->rows[i];
		doc_cell row[] = {
			doc_text(r->model),
			doc_text(*r->model ? r->model : _("(model unknown)")),
			doc_text(r->fault_code),
			doc_text(r->fault_name ? r->fault_name : r->fault_code),
			doc_count(r->entries), doc_count(r->repeats), doc_count(r->recovered),
			r->recovered ? doc_minutes(r->down_min) : doc_empty(),
		};
		doc_row(t, row);
	}
	if (!q->nrows)
		doc_note(d, NULL, _("No fault categories were recorded in the period."));
}

sd_doc *
quality_doc(const sd_quality *q, const char *site)
{
	buf title = { 0 };
	sd_doc *d;

	/* TRANSLATORS: the period, YYYY or YYYY-MM. */
	buf_printf(&title, _("Service quality by model %s"), q->period);
	d = doc_new("quality", buf_str(&title), site);
	buf_free(&title);
	doc_add_meta(d, "period", _("Period"), DOC_TEXT, doc_text(q->period));
	quality_doc_section(d, q);
	return d;
}
