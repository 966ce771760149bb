/*
 * report.c — the figures of the monthly summary (月度统計 / 月度统计) and of
 * the per-customer yearly report, read from time-stamped records only (see
 * report.h). Each query reads a range of an indexed time column of the
 * month; the closing stock of a month rolls forward from the month before
 * and is kept in stock_close once the month has ended.
 *
 * Self-contained; no curses.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "buf.h"
#include "complaint.h"
#include "datetime.h"
#include "enc.h"
#include "report.h"
#include "text.h"
#include "warranty.h"

/* ---------------------------------------------------------------- helpers */

static const char *
ctext(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

/* Minutes from a to b ("YYYY-MM-DD HH:MM"), or -1 if either is unreadable or b < a. */
static long
minutes_between(const char *a, const char *b)
{
	sd_time ta, tb;

	if (!time_parse(a, &ta) || !time_parse(b, &tb) || tb < ta)
		return -1;
	return (long)(tb - ta);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

long
report_percentile(long *v, size_t n, int p)
{
	size_t rank;

	if (n == 0 || p <= 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_long);
	rank = ((size_t)p * n + 99) / 100;     /* ceil(p / 100 * n) */
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

bool
report_parse_month(const char *s, char out[8])
{
	int y, m;
	char tail;

	if (!s || strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2)
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	if (y < 1900 || m < 1 || m > 12)
		return false;
	memcpy(out, s, 7);
	out[7] = '\0';
	return true;
}

/* The month after "YYYY-MM" (and the one before, with delta -1). */
static void
month_add(const char *month, int delta, char out[8])
{
	int y = atoi(month), m = atoi(month + 5) - 1 + delta;

	char tmp[32];

	y += m >= 0 ? m / 12 : -((11 - m) / 12);
	m = ((m % 12) + 12) % 12;
	snprintf(tmp, sizeof tmp, "%04d-%02d", y % 10000, m + 1);
	memcpy(out, tmp, 8);
	out[7] = '\0';
}

void
report_month_step(const char *month, int delta, char out[8])
{
	month_add(month, delta, out);
}

static int
fail_q(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("reading the figures of the report"), err);
}

/* Prepare sql and bind ?1 ?2 as the range [from, to); NULL with err filled. */
static sqlite3_stmt *
prep_range(store *st, const char *sql, const char *from, const char *to, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, sql, err);

	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, to, -1, SQLITE_TRANSIENT);
	return q;
}

/* Run a statement that returns one integer. */
static int
one_int(store *st, sqlite3_stmt *q, long long *v, sd_err *err)
{
	int rc = sqlite3_step(q);

	*v = 0;
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SD_OK : fail_q(st, rc, err);
}

/* A growable list of durations. */
struct durs {
	long *v;
	size_t n, cap;
};

static void
durs_add(struct durs *d, long v)
{
	if (v < 0)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = v;
}

/* ---------------------------------------------------------------- counting */

/* Counts by text key in an open-addressing hash table. */
struct counter_item {
	char *key;
	long n;
};

struct counter {
	struct counter_item *v;   /* after counter_sort: the items, most first */
	size_t n, cap;            /* items, slots (a power of two) */
};

static unsigned long
hash_text(const char *s)
{
	unsigned long h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
counter_add(struct counter *c, const char *key)
{
	if ((c->n + 1) * 2 > c->cap) {
		struct counter_item *old = c->v;
		size_t oldcap = c->cap;

		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xcalloc(c->cap, sizeof *c->v);
		for (size_t i = 0; i < oldcap; i++) {
			if (!old[i].key)
				continue;
			size_t k = hash_text(old[i].key) & (c->cap - 1);
			while (c->v[k].key)
				k = (k + 1) & (c->cap - 1);
			c->v[k] = old[i];
		}
		free(old);
	}
	size_t k = hash_text(key) & (c->cap - 1);
	while (c->v[k].key && strcmp(c->v[k].key, key) != 0)
		k = (k + 1) & (c->cap - 1);
	if (!c->v[k].key) {
		c->v[k].key = xstrdup(key);
		c->n++;
	}
	c->v[k].n++;
}

static int
cmp_count(const void *a, const void *b)
{
	const struct counter_item *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Pack the items to the front, most first, then by key. */
static void
counter_sort(struct counter *c)
{
	size_t j = 0;

	for (size_t i = 0; i < c->cap; i++) {
		if (!c->v[i].key)
			continue;
		c->v[j] = c->v[i];
		if (i != j)
			c->v[i].key = NULL;
		j++;
	}
	if (j)
		qsort(c->v, j, sizeof *c->v, cmp_count);
}

static void
counter_free(struct counter *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->v[i].key);
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* A set of ledger entry ids, each with the index of its engineer (-1: none). */
struct idset {
	long long *id;
	int *eng;
	size_t n, cap;
};

/* Add id; false if it was there already. */
static bool
idset_add(struct idset *s, long long id, int eng)
{
	if ((s->n + 1) * 2 > s->cap) {
		long long *oid = s->id;
		int *oeng = s->eng;
		size_t ocap = s->cap;

		s->cap = s->cap ? s->cap * 2 : 1024;
		s->id = xmalloc(s->cap * sizeof *s->id);
		s->eng = xmalloc(s->cap * sizeof *s->eng);
		for (size_t i = 0; i < s->cap; i++)
			s->id[i] = -1;
		s->n = 0;
		for (size_t i = 0; i < ocap; i++)
			if (oid[i] >= 0)
				idset_add(s, oid[i], oeng[i]);
		free(oid);
		free(oeng);
	}
	size_t k = (size_t)(((unsigned long long)id * 0x9e3779b97f4a7c15ULL) >> 20) & (s->cap - 1);
	while (s->id[k] >= 0) {
		if (s->id[k] == id)
			return false;
		k = (k + 1) & (s->cap - 1);
	}
	s->id[k] = id;
	s->eng[k] = eng;
	s->n++;
	return true;
}

/* ---------------------------------------------------------------- requests */

static int
read_requests(store *st, sd_monthly *m, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	/* received in the month; a request voided before the month's end is not */
	struct counter cc = { 0 };
	q = prep_range(st, "SELECT channel, priority, status = 'void' AND coalesce(voided_at, received_at) < ?2, "
	               "customer FROM request WHERE received_at >= ?1 AND received_at < ?2", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int ch = intake_channel_parse(ctext(q, 0)), pr = sqlite3_column_int(q, 1);

		if (sqlite3_column_int(q, 2)) {
			m->voided++;
			continue;
		}
		m->received++;
		if (ch >= 0 && ch < CH_COUNT)
			m->by_channel[ch]++;
		if (pr >= 1 && pr <= 4)
			m->by_priority[pr]++;
		counter_add(&cc, ctext(q, 3));
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE) {
		counter_free(&cc);
		return fail_q(st, s, err);
	}

	/* the customers with the most requests (then by name) */
	m->customers = xcalloc(REPORT_TOP_CUSTOMERS, sizeof *m->customers);
	counter_sort(&cc);
	for (size_t i = 0; i < cc.n; i++) {
		if (m->ncustomers < REPORT_TOP_CUSTOMERS) {
			report_named *c = &m->customers[m->ncustomers++];
			c->code = xstrdup(cc.v[i].key);
			c->name = xstrdup(cc.v[i].key);
			c->n = cc.v[i].n;
		} else {
			m->other_customers += cc.v[i].n;
		}
	}
	counter_free(&cc);

	/* closed and unresolvable in the month */
	q = prep_range(st, "SELECT state, count(*) FROM ledger WHERE closed_at >= ?1 AND closed_at < ?2 "
	               "GROUP BY state", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if (strcmp(ctext(q, 0), "unresolvable") == 0)
			m->unresolvable += sqlite3_column_int64(q, 1);
		else
			m->closed += sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);

	return SD_OK;
}

/* ---------------------------------------------------------------- clocks and engineers */

static report_engineer *
engineer_of(sd_monthly *m, const char *login)
{
	for (size_t i = 0; i < m->nengineers; i++)
		if (strcmp(m->engineers[i].login, login) == 0)
			return &m->engineers[i];
	m->engineers = xrealloc(m->engineers, (m->nengineers + 1) * sizeof *m->engineers);
	report_engineer *e = &m->engineers[m->nengineers++];
	memset(e, 0, sizeof *e);
	e->login = xstrdup(login);
	return e;
}

/* The clocks: event column and due column, by clock (fixed SQL, no user text). */
static const char *const clock_sql[CLOCK_COUNT] = {
	"SELECT r.received_at, l.proposed_at, l.respond_due, r.priority, l.engineer, l.id FROM ledger l "
	"JOIN request r ON r.id = l.request_id WHERE l.proposed_at >= ?1 AND l.proposed_at < ?2",
	"SELECT r.received_at, l.arrived_at, l.onsite_due, r.priority, l.engineer, l.id FROM ledger l "
	"JOIN request r ON r.id = l.request_id WHERE l.arrived_at >= ?1 AND l.arrived_at < ?2",
	"SELECT r.received_at, l.cleared_at, l.clear_due, r.priority, l.engineer, l.id FROM ledger l "
	"JOIN request r ON r.id = l.request_id WHERE l.cleared_at >= ?1 AND l.cleared_at < ?2",
};

/* Count entry id as handled by its engineer (once per entry); returns the engineer or NULL. */
static report_engineer *
handled(sd_monthly *m, struct idset *hs, sqlite3_stmt *q, int col_engineer, int col_id)
{
	report_engineer *e;

	if (sqlite3_column_type(q, col_engineer) == SQLITE_NULL)
		return NULL;
	e = engineer_of(m, ctext(q, col_engineer));
	if (idset_add(hs, sqlite3_column_int64(q, col_id), (int)(e - m->engineers)))
		e->handled++;
	return e;
}

static int
read_clocks(store *st, sd_monthly *m, struct idset *hs, sd_err *err)
{
	for (int c = 0; c < CLOCK_COUNT; c++) {
		report_clock *k = &m->clock[c];
		struct durs d = { 0 };
		sqlite3_stmt *q = prep_range(st, clock_sql[c], m->from, m->to, err);
		int s;

		if (!q)
			return err->status;
		while ((s = sqlite3_step(q)) == SQLITE_ROW) {
			const char *event = ctext(q, 1);
			int pr = sqlite3_column_int(q, 3);
			report_engineer *e = handled(m, hs, q, 4, 5);

			k->n++;
			durs_add(&d, minutes_between(ctext(q, 0), event));
			if (sqlite3_column_type(q, 2) == SQLITE_NULL)
				continue;
			bool met = strcmp(event, ctext(q, 2)) <= 0;
			k->with_due[0]++;
			k->met[0] += met;
			if (pr >= 1 && pr <= 4) {
				k->with_due[pr]++;
				k->met[pr] += met;
			}
			if (e) {
				e->clocks++;
				e->met += met;
			}
		}
		sqlite3_reset(q);
		k->median_min = report_percentile(d.v, d.n, 50);
		k->p90_min = report_percentile(d.v, d.n, 90);
		free(d.v);
		if (s != SQLITE_DONE)
			return fail_q(st, s, err);
		for (int p = 0; p < 5; p++)
			k->misses[p] = k->met[p] < k->with_due[p];
	}
	return SD_OK;
}

static int
cmp_engineer(const void *a, const void *b)
{
	return strcmp(((const report_engineer *)a)->login, ((const report_engineer *)b)->login);
}

/*
 * Handled: entries with any dated step in the month (signed for, proposed,
 * arrived, cleared, closed); the clocks' steps are already in hs.
 */
static int
read_engineers(store *st, sd_monthly *m, struct idset *hs, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	q = prep_range(st, "SELECT engineer, id FROM ledger WHERE engineer_at >= ?1 AND engineer_at < ?2",
	               m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		handled(m, hs, q, 0, 1);
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	q = prep_range(st, "SELECT engineer, id, state = 'closed' FROM ledger WHERE closed_at >= ?1 "
	               "AND closed_at < ?2", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		report_engineer *e = handled(m, hs, q, 0, 1);
		if (e && sqlite3_column_int(q, 2))
			e->closed++;
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	if (!(q = store_prepare(st, "SELECT name FROM staff WHERE login = ?", err)))
		return err->status;
	for (size_t i = 0; i < m->nengineers; i++) {
		report_engineer *e = &m->engineers[i];

		sqlite3_bind_text(q, 1, e->login, -1, SQLITE_TRANSIENT);
		s = sqlite3_step(q);
		e->name = xstrdup(s == SQLITE_ROW ? ctext(q, 0) : e->login);
		sqlite3_reset(q);
		e->misses = e->met < e->clocks;
	}
	if (m->nengineers)
		qsort(m->engineers, m->nengineers, sizeof *m->engineers, cmp_engineer);
	return SD_OK;
}

/* ---------------------------------------------------------------- faults, complaints */

static int
read_faults(store *st, sd_monthly *m, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	q = prep_range(st, "SELECT coalesce(l.fault_code, ''), f.name, count(*) AS n FROM ledger l "
	               "LEFT JOIN fault_category f ON f.code = l.fault_code "
	               "WHERE l.proposed_at >= ?1 AND l.proposed_at < ?2 "
	               "GROUP BY 1 ORDER BY n DESC, 1", m->from, m->to, err);
	if (!q)
		return err->status;
	m->faults = xcalloc(REPORT_TOP_FAULTS, sizeof *m->faults);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if (m->nfaults < REPORT_TOP_FAULTS) {
			report_named *f = &m->faults[m->nfaults++];
			f->code = xstrdup(ctext(q, 0));
			f->name = xstrdup(sqlite3_column_type(q, 1) != SQLITE_NULL ? ctext(q, 1) :
			                  *f->code ? f->code : _("not recorded"));
			f->n = sqlite3_column_int64(q, 2);
		} else {
			m->other_faults += sqlite3_column_int64(q, 2);
		}
	}
	sqlite3_reset(q);
	return s == SQLITE_DONE ? SD_OK : fail_q(st, s, err);
}

static int
read_complaints(store *st, sd_monthly *m, sd_err *err)
{
	sqlite3_stmt *q;
	long long v;
	char next[8];
	int s, rc;

	q = prep_range(st, "SELECT class, count(*) FROM complaint WHERE received_at >= ?1 AND "
	               "received_at < ?2 GROUP BY class", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int c = complaint_class_parse(ctext(q, 0));
		long n = sqlite3_column_int64(q, 1);

		m->complaints += n;
		if (c >= 0 && c < CC_COUNT)
			m->complaints_by_class[c] += n;
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	if (!(q = prep_range(st, "SELECT count(*) FROM complaint WHERE closed_at >= ?1 AND closed_at < ?2",
	                     m->from, m->to, err)) ||
	    (rc = one_int(st, q, &v, err)) != SD_OK)
		return err->status;
	m->complaints_closed = (long)v;
	m->complaint_rate_bp = m->received ? (m->complaints * 10000 + m->received / 2) / m->received : -1;
	month_add(m->month, 1, next);
	snprintf(m->complaint_due, sizeof m->complaint_due, "%s-05", next);
	return SD_OK;
}

/* ---------------------------------------------------------------- parts and stock */

static int
read_parts(store *st, sd_monthly *m, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	q = prep_range(st, "SELECT kind, sum(qty), sum(qty * cost_fen) FROM stock_move WHERE at >= ?1 "
	               "AND at < ?2 AND kind IN ('issue', 'return') GROUP BY kind", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		long qty = (long)sqlite3_column_int64(q, 1);
		int64_t val = sqlite3_column_int64(q, 2);

		if (strcmp(ctext(q, 0), "issue") == 0)
			m->parts_issued += -qty;
		else
			m->parts_returned += qty;
		m->parts_cost_fen += -val;
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	q = prep_range(st, "SELECT kind, sum(amount_fen), sum(billed_fen), "
	               "sum(CASE WHEN billed_fen = 0 THEN amount_fen ELSE 0 END) FROM charge "
	               "WHERE at >= ?1 AND at < ?2 GROUP BY kind", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		for (int k = 0; k < COST_COUNT; k++) {
			if (strcmp(ctext(q, 0), warranty_cost_code(k)) != 0)
				continue;
			m->cost_fen[k] += sqlite3_column_int64(q, 1);
			m->billed_fen[k] += sqlite3_column_int64(q, 2);
			m->billed_total_fen += sqlite3_column_int64(q, 2);
			if (k == COST_PARTS) {
				m->parts_charged_fen += sqlite3_column_int64(q, 2);
				m->parts_warranty_fen += sqlite3_column_int64(q, 3);
			}
		}
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	long long v;
	if (!(q = prep_range(st, "SELECT coalesce(sum(amount_fen), 0) FROM payment WHERE "
	                     "received_at >= ?1 AND received_at < ?2", m->from, m->to, err)) ||
	    one_int(st, q, &v, err) != SD_OK)
		return err->status;
	m->received_fen = v;
	return SD_OK;
}

/*
 * What a month closes with: the stock per part id (qty and value, arrays of
 * n = max part id + 1) and the running counts of requests received, voided
 * and finished (closed or unresolvable) since the beginning.
 */
struct closing {
	long *qty;
	int64_t *val;
	size_t n;
	long long requests, voided, finished;
};

static void
closing_add(struct closing *c, long long id, long qty, int64_t val)
{
	if (id < 0)
		return;
	if ((size_t)id >= c->n) {
		size_t n = (size_t)id + 1024;
		c->qty = xrealloc(c->qty, n * sizeof *c->qty);
		c->val = xrealloc(c->val, n * sizeof *c->val);
		memset(c->qty + c->n, 0, (n - c->n) * sizeof *c->qty);
		memset(c->val + c->n, 0, (n - c->n) * sizeof *c->val);
		c->n = n;
	}
	c->qty[id] += qty;
	c->val[id] += val;
}

/* Add what happened in month ("YYYY-MM") to c: movements and the three counts. */
static int
add_month(store *st, const char *month, struct closing *c, sd_err *err)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM request WHERE received_at >= ?1 AND received_at < ?2",
		"SELECT count(*) FROM request WHERE status = 'void' AND "
		"coalesce(voided_at, received_at) >= ?1 AND coalesce(voided_at, received_at) < ?2",
		"SELECT count(*) FROM ledger WHERE closed_at >= ?1 AND closed_at < ?2",
	};
	long long *dst[] = { &c->requests, &c->voided, &c->finished };
	char next[8], from[17], to[17];
	sqlite3_stmt *q;
	long long v;
	int s;

	month_add(month, 1, next);
	snprintf(from, sizeof from, "%s-01 00:00", month);
	snprintf(to, sizeof to, "%s-01 00:00", next);
	q = prep_range(st, "SELECT part_id, sum(qty), sum(qty * cost_fen) FROM stock_move "
	               "WHERE at >= ?1 AND at < ?2 GROUP BY part_id", from, to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		closing_add(c, sqlite3_column_int64(q, 0), (long)sqlite3_column_int64(q, 1),
		            sqlite3_column_int64(q, 2));
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	for (size_t i = 0; i < SD_ARRAY_LEN(counts); i++) {
		if (!(q = prep_range(st, counts[i], from, to, err)) || one_int(st, q, &v, err) != SD_OK)
			return err->status;
		*dst[i] += v;
	}
	return SD_OK;
}

/* Keep what month closed with (inside the caller's transaction). */
static int
keep_month(store *st, const char *month, const struct closing *c, const char *now, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	if (!(q = store_prepare(st, "DELETE FROM stock_close WHERE month = ?", err)))
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(q);
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	if (!(q = store_prepare(st, "INSERT INTO stock_close (month, part_id, qty, value_fen) "
	                        "VALUES (?, ?, ?, ?)", err)))
		return err->status;
	for (size_t id = 0; id < c->n; id++) {
		if (!c->qty[id] && !c->val[id])
			continue;
		sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, (long long)id);
		sqlite3_bind_int64(q, 3, c->qty[id]);
		sqlite3_bind_int64(q, 4, c->val[id]);
		s = sqlite3_step(q);
		sqlite3_reset(q);
		if (s != SQLITE_DONE)
			return fail_q(st, s, err);
	}
	if (!(q = store_prepare(st, "INSERT OR REPLACE INTO month_close (month, computed_at, requests, "
	                        "voided, finished) VALUES (?, ?, ?, ?, ?)", err)))
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, c->requests);
	sqlite3_bind_int64(q, 4, c->voided);
	sqlite3_bind_int64(q, 5, c->finished);
	s = sqlite3_step(q);
	sqlite3_reset(q);
	return s == SQLITE_DONE ? SD_OK : fail_q(st, s, err);
}

/*
 * What month closes with, into c: from the latest kept month before it (or
 * from nothing, before the first request or movement), rolling forward
 * month by month; months that have ended are kept when the database can be
 * written. Triggers drop kept months that a later record would change (a
 * request entered with an earlier time of receipt, say).
 */
static int
closing_figures(store *st, const char *month, struct closing *c, sd_err *err)
{
	char now[17], cur_month[8], start[8], m[8];
	sqlite3_stmt *q;
	bool kept, tx = false;
	int rc = SD_OK, s;

	store_now(now);
	snprintf(cur_month, sizeof cur_month, "%.7s", now);
	if (!(q = store_prepare(st, "SELECT month, requests, voided, finished FROM month_close "
	                        "WHERE month <= ? ORDER BY month DESC LIMIT 1", err)))
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
	s = sqlite3_step(q);
	kept = s == SQLITE_ROW;
	if (kept) {
		snprintf(start, sizeof start, "%s", ctext(q, 0));
		c->requests = sqlite3_column_int64(q, 1);
		c->voided = sqlite3_column_int64(q, 2);
		c->finished = sqlite3_column_int64(q, 3);
	}
	sqlite3_reset(q);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return fail_q(st, s, err);
	if (kept) {
		if (!(q = store_prepare(st, "SELECT part_id, qty, value_fen FROM stock_close WHERE month = ?",
		                        err)))
			return err->status;
		sqlite3_bind_text(q, 1, start, -1, SQLITE_TRANSIENT);
		while ((s = sqlite3_step(q)) == SQLITE_ROW)
			closing_add(c, sqlite3_column_int64(q, 0), (long)sqlite3_column_int64(q, 1),
			            sqlite3_column_int64(q, 2));
		sqlite3_reset(q);
		if (s != SQLITE_DONE)
			return fail_q(st, s, err);
		if (strcmp(start, month) == 0)
			return SD_OK;
		month_add(start, 1, m);
	} else {
		/* from the month of the first request or movement */
		if (!(q = store_prepare(st, "SELECT min(coalesce((SELECT min(received_at) FROM request), '9'), "
		                        "coalesce((SELECT min(at) FROM stock_move), '9'))", err)))
			return err->status;
		s = sqlite3_step(q);
		bool any = s == SQLITE_ROW && strcmp(ctext(q, 0), "9") != 0;
		if (any)
			snprintf(m, sizeof m, "%.7s", ctext(q, 0));
		sqlite3_reset(q);
		if (s != SQLITE_ROW)
			return fail_q(st, s, err);
		if (!any || strcmp(m, month) > 0)
			return SD_OK;
	}
	/* keep what is computed for ended months; reading goes on without if that fails */
	if (strcmp(m, cur_month) < 0) {
		sd_err terr;
		store_set_busy_timeout(st, 200);
		tx = store_begin(st, &terr) == SD_OK;
		store_set_busy_timeout(st, 5000);
	}
	for (;;) {
		if ((rc = add_month(st, m, c, err)) != SD_OK)
			break;
		if (tx && strcmp(m, cur_month) < 0) {
			sd_err kerr;
			if (keep_month(st, m, c, now, &kerr) != SD_OK) {
				store_rollback(st);
				tx = false;
			}
		}
		if (strcmp(m, month) >= 0)
			break;
		month_add(m, 1, m);
	}
	if (tx) {
		sd_err cerr;
		if (rc == SD_OK)
			store_commit(st, &cerr);
		else
			store_rollback(st);
	}
	return rc;
}

static int
read_stock(store *st, sd_monthly *m, sd_err *err)
{
	struct closing c = { 0 };
	sqlite3_stmt *q;
	int rc, s;

	if ((rc = closing_figures(st, m->month, &c, err)) != SD_OK)
		goto out;
	/*
	 * Carried over (结转): received before the month's end, minus voided
	 * before it, minus finished (closed or unresolvable) before it. A
	 * voided request never enters the ledger, so the two do not overlap.
	 */
	{
		long long v = c.requests - c.voided - c.finished;
		m->carried_over = v > 0 ? (long)v : 0;
	}
	for (size_t id = 0; id < c.n; id++) {
		m->stock_qty += c.qty[id];
		m->stock_value_fen += c.val[id];
	}
	if (!(q = store_prepare(st, "SELECT id, part_no, name, unit, reorder_point FROM part "
	                        "WHERE active = 1 ORDER BY part_no", err))) {
		rc = err->status;
		goto out;
	}
	m->low = xcalloc(REPORT_LOW_MAX, sizeof *m->low);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);
		long qty = id >= 0 && (size_t)id < c.n ? c.qty[id] : 0;
		long rp = (long)sqlite3_column_int64(q, 4);

		if (qty > rp)
			continue;
		m->low_count++;
		if (m->nlow < REPORT_LOW_MAX) {
			report_low *l = &m->low[m->nlow++];
			l->part_no = xstrdup(ctext(q, 1));
			l->name = xstrdup(ctext(q, 2));
			l->unit = xstrdup(ctext(q, 3));
			l->qty = qty;
			l->reorder_point = rp;
		}
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		rc = fail_q(st, s, err);
out:
	free(c.qty);
	free(c.val);
	return rc;
}

/* ---------------------------------------------------------------- visits */

/* Visits due in [from_on, to_on) (dates) of one customer (id > 0) or all. */
struct visit_fig {
	long planned, done, missed, cancelled, sat_n, sat_sum;
};

static void
visit_count(struct visit_fig *v, const char *status, bool recorded, int sat, bool has_sat)
{
	if (strcmp(status, "cancelled") == 0 && recorded) {
		v->cancelled++;
		return;
	}
	v->planned++;
	if (!recorded)
		return;
	if (strcmp(status, "done") == 0) {
		v->done++;
		if (has_sat) {
			v->sat_n++;
			v->sat_sum += sat;
		}
	} else if (strcmp(status, "missed") == 0) {
		v->missed++;
	}
}

static int
read_visits(store *st, sd_monthly *m, sd_err *err)
{
	struct visit_fig v = { 0 };
	char from_on[11], to_on[11];
	sqlite3_stmt *q;
	int s;

	snprintf(from_on, sizeof from_on, "%.10s", m->from);
	snprintf(to_on, sizeof to_on, "%.10s", m->to);
	q = store_prepare(st, "SELECT status, coalesce(done_at, '') < ?3, satisfaction FROM visit "
	                  "WHERE status IN ('planned', 'done', 'missed', 'cancelled') "
	                  "AND due_on >= ?1 AND due_on < ?2", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, from_on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, to_on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, m->to, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		visit_count(&v, ctext(q, 0), sqlite3_column_int(q, 1) != 0, sqlite3_column_int(q, 2),
		            sqlite3_column_type(q, 2) != SQLITE_NULL);
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	m->visits_planned = v.planned;
	m->visits_done = v.done;
	m->visits_missed = v.missed;
	m->visits_cancelled = v.cancelled;
	m->visits_open = v.planned - v.done - v.missed;
	m->satisfaction_n = v.sat_n;
	m->satisfaction_sum = v.sat_sum;
	return SD_OK;
}

/* ---------------------------------------------------------------- the month */

static char *
site_name(store *st)
{
	char *s = store_setting(st, "site_name", "");

	if (!*s) {
		free(s);
		s = xstrdup(_("After-sales service desk"));
	}
	return s;
}

int
report_monthly(store *st, const char *month, sd_monthly *out, sd_err *err)
{
	char next[8];
	int rc;

	sd_err_clear(err);
	memset(out, 0, sizeof *out);
	if (!report_parse_month(month, out->month))
		return sd_err_set(err, SD_USAGE, _("invalid month '%s' (expected YYYY-MM)"), month ? month : "");
	month_add(out->month, 1, next);
	snprintf(out->from, sizeof out->from, "%s-01 00:00", out->month);
	snprintf(out->to, sizeof out->to, "%s-01 00:00", next);
	out->site = site_name(st);
	out->complaint_rate_bp = -1;
	for (int c = 0; c < CLOCK_COUNT; c++)
		out->clock[c].median_min = out->clock[c].p90_min = -1;
	struct idset hs = { 0 };
	rc = read_requests(st, out, err);
	if (rc == SD_OK)
		rc = read_clocks(st, out, &hs, err);
	if (rc == SD_OK)
		rc = read_engineers(st, out, &hs, err);
	free(hs.id);
	free(hs.eng);
	if (rc != SD_OK ||
	    (rc = read_faults(st, out, err)) != SD_OK ||
	    (rc = read_complaints(st, out, err)) != SD_OK ||
	    (rc = read_parts(st, out, err)) != SD_OK ||
	    (rc = read_stock(st, out, err)) != SD_OK ||
	    (rc = read_visits(st, out, err)) != SD_OK)
		return rc;
	return SD_OK;
}

static void
named_free(report_named *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].code);
		free(v[i].name);
	}
	free(v);
}

void
report_monthly_free(sd_monthly *m)
{
	if (!m)
		return;
	free(m->site);
	named_free(m->customers, m->ncustomers);
	named_free(m->faults, m->nfaults);
	for (size_t i = 0; i < m->nengineers; i++) {
		free(m->engineers[i].login);
		free(m->engineers[i].name);
	}
	free(m->engineers);
	for (size_t i = 0; i < m->nlow; i++) {
		free(m->low[i].part_no);
		free(m->low[i].name);
		free(m->low[i].unit);
	}
	free(m->low);
	memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- a customer's year */

/* The month index 0..11 of time stamp t in year y, or -1. */
static int
month_of(const char *t, int y)
{
	int ty, tm;

	if (!t || strlen(t) < 7 || sscanf(t, "%4d-%2d", &ty, &tm) != 2 || ty != y || tm < 1 || tm > 12)
		return -1;
	return tm - 1;
}

static void
cust_add(report_cust_month *t, const report_cust_month *m)
{
	t->received += m->received;
	t->voided += m->voided;
	t->closed += m->closed;
	t->unresolvable += m->unresolvable;
	t->visits_planned += m->visits_planned;
	t->visits_done += m->visits_done;
	t->visits_missed += m->visits_missed;
	t->satisfaction_n += m->satisfaction_n;
	t->satisfaction_sum += m->satisfaction_sum;
	t->parts_qty += m->parts_qty;
	t->parts_cost_fen += m->parts_cost_fen;
	t->billed_fen += m->billed_fen;
	t->received_fen += m->received_fen;
	t->responses += m->responses;
	t->clocks += m->clocks;
	t->met += m->met;
}

int
report_customer_year(store *st, const char *customer, int year, sd_customer_year *out, sd_err *err)
{
	char from[17], to[17], from_on[11], to_on[11];
	struct durs resp[13], clear[13];
	sqlite3_stmt *q;
	long long cid = 0, nreq = 0;
	int rc = SD_OK, s;

	sd_err_clear(err);
	memset(out, 0, sizeof *out);
	memset(resp, 0, sizeof resp);
	memset(clear, 0, sizeof clear);
	if (year < 1900 || year > 9998)
		return sd_err_set(err, SD_USAGE, _("invalid year %d"), year);
	out->customer = xstrdup(customer);
	out->site = site_name(st);
	out->year = year;
	snprintf(from, sizeof from, "%04d-01-01 00:00", year);
	snprintf(to, sizeof to, "%04d-01-01 00:00", year + 1);
	snprintf(from_on, sizeof from_on, "%.10s", from);
	snprintf(to_on, sizeof to_on, "%.10s", to);

	if (!(q = store_prepare(st, "SELECT id FROM customer WHERE name = ?", err)))
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	if ((s = sqlite3_step(q)) == SQLITE_ROW)
		cid = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (!(q = store_prepare(st, "SELECT count(*) FROM (SELECT 1 FROM request WHERE customer = ? LIMIT 1)",
	                        err)))
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	if ((rc = one_int(st, q, &nreq, err)) != SD_OK)
		return rc;
	if (!cid && !nreq)
		return sd_err_set(err, SD_DATAERR, _("no customer and no request with the name %s"), customer);

	/* requests received */
	/* voided: voided before the end of the month of receipt */
	q = store_prepare(st, "SELECT received_at, status = 'void' AND coalesce(voided_at, received_at) < "
	                  "strftime('%Y-%m-01 00:00', received_at, 'start of month', '+1 month') "
	                  "FROM request WHERE customer = ?1 AND received_at >= ?2 AND received_at < ?3", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, to, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int mi = month_of(ctext(q, 0), year);
		if (mi < 0)
			continue;
		if (sqlite3_column_int(q, 1))
			out->m[mi].voided++;
		else
			out->m[mi].received++;
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);

	/* the ledger entries of the customer's requests received before the year's end */
	q = store_prepare(st, "SELECT r.received_at, l.proposed_at, l.respond_due, l.arrived_at, l.onsite_due, "
	                  "l.cleared_at, l.clear_due, l.closed_at, l.state FROM request r "
	                  "JOIN ledger l ON l.request_id = r.id WHERE r.customer = ?1 AND r.received_at < ?2",
	                  err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, to, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		const char *recv = ctext(q, 0);
		int mi;

		for (int c = 0; c < CLOCK_COUNT; c++) {
			const char *ev = ctext(q, 1 + 2 * c);
			if ((mi = month_of(ev, year)) < 0)
				continue;
			if (c == CLOCK_RESPOND) {
				out->m[mi].responses++;
				durs_add(&resp[mi], minutes_between(recv, ev));
				durs_add(&resp[12], minutes_between(recv, ev));
			} else if (c == CLOCK_CLEAR) {
				durs_add(&clear[mi], minutes_between(recv, ev));
				durs_add(&clear[12], minutes_between(recv, ev));
			}
			if (sqlite3_column_type(q, 2 + 2 * c) != SQLITE_NULL) {
				out->m[mi].clocks++;
				out->m[mi].met += strcmp(ev, ctext(q, 2 + 2 * c)) <= 0;
			}
		}
		if ((mi = month_of(ctext(q, 7), year)) >= 0) {
			if (strcmp(ctext(q, 8), "unresolvable") == 0)
				out->m[mi].unresolvable++;
			else
				out->m[mi].closed++;
		}
	}
	sqlite3_reset(q);
	if (s != SQLITE_DONE) {
		rc = fail_q(st, s, err);
		goto out;
	}

	/* parts, charges and payments of those entries, in the year */
	static const char *const money_sql[] = {
		"SELECT m.at, -m.qty, -m.qty * m.cost_fen FROM request r JOIN ledger l ON l.request_id = r.id "
		"JOIN stock_move m ON m.ledger_id = l.id WHERE r.customer = ?1 AND r.received_at < ?3 "
		"AND m.ledger_id IS NOT NULL AND m.at >= ?2 AND m.at < ?3 AND m.kind IN ('issue', 'return')",
		"SELECT c.at, 0, c.billed_fen FROM request r JOIN ledger l ON l.request_id = r.id "
		"JOIN charge c ON c.ledger_id = l.id WHERE r.customer = ?1 AND r.received_at < ?3 "
		"AND c.at >= ?2 AND c.at < ?3",
		"SELECT p.received_at, 0, p.amount_fen FROM request r JOIN ledger l ON l.request_id = r.id "
		"JOIN payment p ON p.ledger_id = l.id WHERE r.customer = ?1 AND r.received_at < ?3 "
		"AND p.received_at >= ?2 AND p.received_at < ?3",
	};
	for (size_t k = 0; k < SD_ARRAY_LEN(money_sql); k++) {
		if (!(q = store_prepare(st, money_sql[k], err))) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_text(q, 1, customer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, to, -1, SQLITE_TRANSIENT);
		while ((s = sqlite3_step(q)) == SQLITE_ROW) {
			int mi = month_of(ctext(q, 0), year);
			if (mi < 0)
				continue;
			if (k == 0) {
				out->m[mi].parts_qty += (long)sqlite3_column_int64(q, 1);
				out->m[mi].parts_cost_fen += sqlite3_column_int64(q, 2);
			} else if (k == 1) {
				out->m[mi].billed_fen += sqlite3_column_int64(q, 2);
			} else {
				out->m[mi].received_fen += sqlite3_column_int64(q, 2);
			}
		}
		sqlite3_reset(q);
		if (s != SQLITE_DONE) {
			rc = fail_q(st, s, err);
			goto out;
		}
	}

	/* visits due in the year, each counted as at the end of its month */
	if (cid) {
		q = store_prepare(st, "SELECT due_on, status, coalesce(done_at, ''), satisfaction FROM visit "
		                  "WHERE customer_id = ?1 AND due_on >= ?2 AND due_on < ?3", err);
		if (!q) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_int64(q, 1, cid);
		sqlite3_bind_text(q, 2, from_on, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 3, to_on, -1, SQLITE_TRANSIENT);
		while ((s = sqlite3_step(q)) == SQLITE_ROW) {
			int mi = month_of(ctext(q, 0), year);
			struct visit_fig v = { 0 };
			char mon[8], next[8], end[17];

			if (mi < 0)
				continue;
			snprintf(mon, sizeof mon, "%.7s", ctext(q, 0));
			month_add(mon, 1, next);
			snprintf(end, sizeof end, "%s-01 00:00", next);
			visit_count(&v, ctext(q, 1), strcmp(ctext(q, 2), end) < 0, sqlite3_column_int(q, 3),
			            sqlite3_column_type(q, 3) != SQLITE_NULL);
			out->m[mi].visits_planned += v.planned;
			out->m[mi].visits_done += v.done;
			out->m[mi].visits_missed += v.missed;
			out->m[mi].satisfaction_n += v.sat_n;
			out->m[mi].satisfaction_sum += v.sat_sum;
		}
		sqlite3_reset(q);
		if (s != SQLITE_DONE) {
			rc = fail_q(st, s, err);
			goto out;
		}
	}

	for (int i = 0; i < 12; i++) {
		out->m[i].respond_median_min = report_percentile(resp[i].v, resp[i].n, 50);
		out->m[i].clear_median_min = report_percentile(clear[i].v, clear[i].n, 50);
		out->m[i].misses = out->m[i].met < out->m[i].clocks;
		cust_add(&out->total, &out->m[i]);
	}
	out->total.respond_median_min = report_percentile(resp[12].v, resp[12].n, 50);
	out->total.clear_median_min = report_percentile(clear[12].v, clear[12].n, 50);
	out->total.misses = out->total.met < out->total.clocks;
out:
	for (int i = 0; i < 13; i++) {
		free(resp[i].v);
		free(clear[i].v);
	}
	return rc;
}

void
report_customer_free(sd_customer_year *y)
{
	if (!y)
		return;
	free(y->customer);
	free(y->site);
	memset(y, 0, sizeof *y);
}

/* ---------------------------------------------------------------- printing */

/* strerror(e) as UTF-8 (the locale may be GB18030); free it. */
static char *
error_text(int e)
{
	return enc_locale_to_utf8(strerror(e));
}

int
report_print(store *st, const char *data, size_t len, sd_err *err)
{
	char *cmd = store_setting(st, "print_command", "lpr");
	char *clean, *e;
	struct sigaction ign, old;
	FILE *p;
	int rc = SD_OK, status;

	sd_err_clear(err);
	if (!*cmd) {
		free(cmd);
		cmd = xstrdup("lpr");
	}
	clean = text_sanitize(cmd, false);
	fflush(NULL);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	/* a command that ends early must not kill servdesk with SIGPIPE */
	sigaction(SIGPIPE, &ign, &old);
	if (!(p = popen(cmd, "w"))) {
		e = error_text(errno);
		rc = sd_err_set(err, SD_IOERR, _("print command '%s': cannot start: %s"), clean, e);
		free(e);
	} else {
		bool wrote = fwrite(data, 1, len, p) == len && fflush(p) == 0;
		int werr = errno;
		status = pclose(p);
		if (status == -1) {
			e = error_text(errno);
			rc = sd_err_set(err, SD_IOERR, _("print command '%s': failed: %s"), clean, e);
			free(e);
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			rc = sd_err_set(err, SD_IOERR,
			                _("print command '%s' cannot be started (not found)"), clean);
		} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
			rc = sd_err_set(err, SD_IOERR, _("print command '%s' failed (exit status %d)"),
			                clean, WEXITSTATUS(status));
		} else if (WIFSIGNALED(status)) {
			rc = sd_err_set(err, SD_IOERR, _("print command '%s' failed (signal %d)"),
			                clean, WTERMSIG(status));
		} else if (!wrote) {
			e = error_text(werr);
			rc = sd_err_set(err, SD_IOERR, _("print command '%s': cannot write: %s"), clean, e);
			free(e);
		}
	}
	sigaction(SIGPIPE, &old, NULL);
	free(clean);
	free(cmd);
	return rc;
}
