/*
 * report.c — the figures of the monthly summary (月度统計 / 月度统计) and of
 * the per-customer yearly report, read from time-stamped records only (see
 * report.h). Each query reads a range of an indexed time column of the
 * month, from a covering index (migration 7: the clocks read the request's
 * receipt and priority and the engineer of the step from the ledger row);
 * the closing stock of a month rolls forward from the month before and is
 * kept in stock_close once the month has ended.
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
#include "doc.h"
#include "complaint.h"
#include "contract.h"
#include "datetime.h"
#include "enc.h"
#include "ledger.h"
#include "report.h"
#include "text.h"
#include "warranty.h"
#include "staff.h"
#include "priv.h"

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

/*
 * The month being read: the engineers' logins interned to their index in
 * m->engineers (a small hash), the (entry, engineer) pairs already counted
 * as handled (bits of pages of consecutive entry ids), and the fault codes
 * of the solutions proposed.
 */
#define PAGE_BITS 12
#define PAGE_IDS (1 << PAGE_BITS)

struct pair_page {
	uint64_t key;             /* (entry id >> PAGE_BITS << 20 | engineer index) + 1 */
	uint64_t bits[PAGE_IDS / 64];
};

struct month_ctx {
	sd_monthly *m;
	int *eslot;               /* engineer index + 1; 0: empty */
	size_t ecap;              /* slots, a power of two */
	int elast;                /* the engineer found last, -1 none */
	struct pair_page *pages;  /* the (entry, engineer) pairs, as bits */
	size_t npages;
	struct pair_page *last;   /* the page of the last pair added */
	int *pslot;               /* page index + 1 by key; 0: empty */
	size_t pscap;             /* slots, a power of two */
	struct counter faults;
	bool changed_since;       /* a request changed its channel, priority or customer after the month */
};

static void
month_ctx_free(struct month_ctx *x)
{
	free(x->eslot);
	free(x->pages);
	free(x->pslot);
	counter_free(&x->faults);
}

static unsigned long
hash_bytes(const unsigned char *s, size_t n)
{
	unsigned long h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* The index in m->engineers of the engineer with login (n bytes), added when new. */
static int
engineer_index(struct month_ctx *x, const unsigned char *login, size_t n)
{
	sd_monthly *m = x->m;
	size_t k;

	if ((m->nengineers + 1) * 2 > x->ecap) {
		x->ecap = x->ecap ? x->ecap * 2 : 64;
		free(x->eslot);
		x->eslot = xcalloc(x->ecap, sizeof *x->eslot);
		for (size_t i = 0; i < m->nengineers; i++) {
			const char *l = m->engineers[i].login;
			k = hash_bytes((const unsigned char *)l, strlen(l)) & (x->ecap - 1);
			while (x->eslot[k])
				k = (k + 1) & (x->ecap - 1);
			x->eslot[k] = (int)i + 1;
		}
	}
	if (x->elast >= 0) {
		const char *l = m->engineers[x->elast].login;
		if (strncmp(l, (const char *)login, n) == 0 && l[n] == '\0')
			return x->elast;
	}
	k = hash_bytes(login, n) & (x->ecap - 1);
	while (x->eslot[k]) {
		const char *l = m->engineers[x->eslot[k] - 1].login;
		if (strncmp(l, (const char *)login, n) == 0 && l[n] == '\0')
			return x->elast = x->eslot[k] - 1;
		k = (k + 1) & (x->ecap - 1);
	}
	m->engineers = xrealloc(m->engineers, (m->nengineers + 1) * sizeof *m->engineers);
	report_engineer *e = &m->engineers[m->nengineers];
	memset(e, 0, sizeof *e);
	e->login = xmalloc(n + 1);
	memcpy(e->login, login, n);
	e->login[n] = '\0';
	x->eslot[k] = (int)++m->nengineers;
	return x->elast = x->eslot[k] - 1;
}

/* The entry ids (entry id >> PAGE_BITS, engineer) the page pg holds a bit of. */
static bool
pair_page(struct month_ctx *x, uint64_t key, struct pair_page **pg)
{
	uint64_t h = key;
	size_t k;

	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;     /* splitmix64's finaliser */
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	k = (size_t)(h ^ (h >> 31)) & (x->pscap - 1);
	while (x->pslot[k]) {
		if (x->pages[x->pslot[k] - 1].key == key) {
			*pg = &x->pages[x->pslot[k] - 1];
			return true;
		}
		k = (k + 1) & (x->pscap - 1);
	}
	*pg = NULL;
	x->pslot[k] = (int)x->npages + 1;
	return false;
}

/*
 * Add the pair (entry id, engineer e); false if it was there already. The
 * pairs are bits of pages of PAGE_IDS consecutive ids per engineer: the
 * entries of a month lie close together, so a few pages hold them all.
 */
static bool
pair_add(struct month_ctx *x, long long id, int e)
{
	uint64_t key = ((uint64_t)id >> PAGE_BITS << 20 | (uint64_t)e) + 1;
	size_t bit = (size_t)id & (PAGE_IDS - 1);
	struct pair_page *pg = x->last;

	if (!pg || pg->key != key) {
		if ((x->npages + 1) * 2 > x->pscap) {
			x->pscap = x->pscap ? x->pscap * 2 : 256;
			free(x->pslot);
			x->pslot = xcalloc(x->pscap, sizeof *x->pslot);
			size_t n = x->npages;
			x->npages = 0;
			for (size_t i = 0; i < n; i++, x->npages++)
				pair_page(x, x->pages[i].key, &pg);
		}
		if (!pair_page(x, key, &pg)) {
			x->pages = xrealloc(x->pages, (x->npages + 1) * sizeof *x->pages);
			pg = &x->pages[x->npages++];
			memset(pg, 0, sizeof *pg);
			pg->key = key;
		}
		x->last = pg;
	}
	if (pg->bits[bit / 64] & (UINT64_C(1) << (bit % 64)))
		return false;
	pg->bits[bit / 64] |= UINT64_C(1) << (bit % 64);
	return true;
}

/*
 * The engineer in column i of q (NULL when none), credited with entry id
 * as handled (once per entry and engineer). The pointer is good until the
 * next engineer is added.
 */
static report_engineer *
credit(struct month_ctx *x, sqlite3_stmt *q, int i, long long id)
{
	const unsigned char *login = sqlite3_column_text(q, i);
	int e;

	if (!login)
		return NULL;
	e = engineer_index(x, login, (size_t)sqlite3_column_bytes(q, i));
	if (pair_add(x, id, e))
		x->m->engineers[e].handled++;
	return &x->m->engineers[e];
}

/* ---------------------------------------------------------------- requests */

/* The channel of code s (n bytes) among codes (intake_channel_code), or -1. */
static int
channel_of(const char *const codes[CH_COUNT], const unsigned char *s, size_t n)
{
	if (!s)
		return -1;
	for (int c = 0; c < CH_COUNT; c++)
		if (codes[c][0] == s[0] && strncmp(codes[c], (const char *)s, n) == 0 && codes[c][n] == '\0')
			return c;
	return -1;
}

/*
 * Did a request change its channel, priority or customer at or after the
 * month's end (a row of request_was)? Rarely: the month's queries then read
 * those as they stood; otherwise as they stand, from the indexes alone.
 */
static int
changed_since(store *st, const sd_monthly *m, bool *yes, sd_err *err)
{
	sqlite3_stmt *q = prep_range(st, "SELECT EXISTS (SELECT 1 FROM request_was WHERE until_at >= ?2) "
	                                 "AND ?1 IS NOT NULL", m->from, m->to, err);
	long long v;
	int rc;

	if (!q)
		return err->status;
	rc = one_int(st, q, &v, err);
	*yes = v != 0;
	return rc;
}

static int
read_requests(store *st, sd_monthly *m, bool changed, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	/* received in the month; a request voided before the month's end is not */
	const char *codes[CH_COUNT];
	for (int c = 0; c < CH_COUNT; c++)
		codes[c] = intake_channel_code(c);
	struct counter cc = { 0 };
	/* channel, priority and customer as they stood at the month's end (request_was) */
	q = prep_range(st, changed ? "SELECT coalesce(w.channel, r.channel), coalesce(w.priority, r.priority), "
	               "r.status = 'void' AND coalesce(r.voided_at, r.received_at) < ?2, "
	               "coalesce(w.customer, r.customer) FROM request r "
	               "LEFT JOIN request_was w ON w.id = (SELECT w2.id FROM request_was w2 "
	               "WHERE w2.request_id = r.id AND w2.until_at >= ?2 ORDER BY w2.until_at, w2.id LIMIT 1) "
	               "WHERE r.received_at >= ?1 AND r.received_at < ?2"
	               : "SELECT r.channel, r.priority, "
	               "r.status = 'void' AND coalesce(r.voided_at, r.received_at) < ?2, "
	               "r.customer FROM request r WHERE r.received_at >= ?1 AND r.received_at < ?2",
	               m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int pr = sqlite3_column_int(q, 1);

		if (sqlite3_column_int(q, 2)) {
			m->voided++;
			continue;
		}
		int ch = channel_of(codes, sqlite3_column_text(q, 0), (size_t)sqlite3_column_bytes(q, 0));
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
	return SD_OK;
}

/* ---------------------------------------------------------------- clocks and engineers */

/*
 * The clocks: each reads one covering index of the ledger (migration 7):
 * receipt and priority copied from the request, the event, the due time, the
 * engineer on the entry when the step was recorded, the entry; the response
 * also the fault category. Fixed SQL, no user text.
 */
#define PRIORITY_AT_END \
	"coalesce((SELECT w.priority FROM request_was w WHERE w.request_id = ledger.request_id " \
	"AND w.until_at >= ?2 ORDER BY w.until_at, w.id LIMIT 1), request_priority)"
/*
 * Each clock twice: with the priority as it stood at the month's end (a
 * lookup per entry), and as it stands now, for the usual case that no
 * request has changed since the month ended (the covering index alone).
 */
#define CLOCK_SQL(PR) { \
 \
	/* the first reply: the first contact, or a solution or an arrival, which imply one */ \
	[CLOCK_REPLY] = "SELECT request_received_at, r_at, reply_due, pr, NULL, id " \
	"FROM (SELECT request_received_at, reply_due, " PR " AS pr, id, " \
	"nullif(min(coalesce(first_contact_at, '~'), coalesce(proposed_at, '~'), coalesce(arrived_at, '~')), '~') " \
	"AS r_at FROM ledger WHERE (first_contact_at >= ?1 AND first_contact_at < ?2) " \
	"OR (proposed_at >= ?1 AND proposed_at < ?2) OR (arrived_at >= ?1 AND arrived_at < ?2)) " \
	"WHERE r_at >= ?1 AND r_at < ?2", \
	[CLOCK_RESPOND] = "SELECT request_received_at, proposed_at, respond_due, " PR ", " \
	"proposed_engineer, id, fault_code FROM ledger WHERE proposed_at >= ?1 AND proposed_at < ?2", \
	[CLOCK_DIAGNOSE] = "SELECT request_received_at, diagnosed_at, diagnose_due, " PR ", " \
	"NULL, id FROM ledger WHERE diagnosed_at >= ?1 AND diagnosed_at < ?2", \
	[CLOCK_ONSITE] = "SELECT request_received_at, arrived_at, onsite_due, " PR ", " \
	"arrived_engineer, id FROM ledger WHERE arrived_at >= ?1 AND arrived_at < ?2", \
	[CLOCK_CLEAR] = "SELECT request_received_at, cleared_at, clear_due, " PR ", " \
	"cleared_engineer, id FROM ledger WHERE cleared_at >= ?1 AND cleared_at < ?2", \
	/* the escalation, of the entries with that commitment: stopped as ledger.c's clock_done says */ \
	[CLOCK_ESCALATE] = "SELECT request_received_at, e_at, escalate_due, pr, NULL, id " \
	"FROM (SELECT request_received_at, escalate_due, " PR " AS pr, id, " \
	"CASE WHEN escalated_at IS NOT NULL AND (proposed_at IS NULL OR proposed_at > escalated_at) " \
	"THEN CASE WHEN escalated_at > escalate_due THEN escalated_at ELSE proposed_at END " \
	"ELSE proposed_at END AS e_at FROM ledger WHERE ((proposed_at >= ?1 AND proposed_at < ?2) " \
	"OR (escalated_at >= ?1 AND escalated_at < ?2)) AND escalate_due IS NOT NULL) " \
	"WHERE e_at >= ?1 AND e_at < ?2", \
}
static const char *const clock_sql[2][CLOCK_COUNT] = {
	CLOCK_SQL(PRIORITY_AT_END),
	CLOCK_SQL("request_priority"),
};

/* Rearrange v[0..n) so that v[k] is its (k+1)-th smallest, no larger one before it, no smaller after. */
static void
select_nth(long *v, long n, long k)
{
	long lo = 0, hi = n - 1;

	while (lo < hi) {
		long a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
		long pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		long i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				long t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/* Nearest-rank median and 90th percentile of v[0..n) (as report_percentile, without sorting). */
static void
clock_percentiles(report_clock *k, long *v, size_t n)
{
	size_t r90 = (90 * n + 99) / 100, r50 = (50 * n + 99) / 100;

	k->median_min = k->p90_min = -1;
	if (n == 0)
		return;
	r90 = r90 < 1 ? 1 : r90 > n ? n : r90;
	r50 = r50 < 1 ? 1 : r50 > n ? n : r50;
	select_nth(v, (long)n, (long)r90 - 1);
	k->p90_min = v[r90 - 1];
	/* the r90 smallest are now in front: the median is among them */
	select_nth(v, (long)r90, (long)r50 - 1);
	k->median_min = v[r50 - 1];
}

static int
read_clocks(store *st, struct month_ctx *x, sd_err *err)
{
	sd_monthly *m = x->m;

	for (int c = 0; c < CLOCK_COUNT; c++) {
		report_clock *k = &m->clock[c];
		struct durs d = { 0 };
		sqlite3_stmt *q = prep_range(st, clock_sql[!x->changed_since][c], m->from, m->to, err);
		int s;

		if (!q)
			return err->status;
		while ((s = sqlite3_step(q)) == SQLITE_ROW) {
			const char *event = ctext(q, 1);
			int pr = sqlite3_column_int(q, 3);
			report_engineer *e = credit(x, q, 4, sqlite3_column_int64(q, 5));

			k->n++;
			if (c == CLOCK_RESPOND)
				counter_add(&x->faults, ctext(q, 6));
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
		clock_percentiles(k, d.v, d.n);
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
 * Closed and unresolvable in the month, and the engineers: an entry counts
 * as handled by each engineer assigned to it in the month or on it when a
 * step of the month was recorded (the clocks' steps are already counted);
 * closed by the engineer on it when it closed.
 */
static int
read_engineers(store *st, struct month_ctx *x, sd_err *err)
{
	sd_monthly *m = x->m;
	sqlite3_stmt *q;
	int s;

	q = prep_range(st, "SELECT engineer, ledger_id FROM ledger_event WHERE kind = 'assign' "
	               "AND at >= ?1 AND at < ?2", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		credit(x, q, 0, sqlite3_column_int64(q, 1));
	sqlite3_reset(q);
	if (s != SQLITE_DONE)
		return fail_q(st, s, err);
	q = prep_range(st, "SELECT state, closed_engineer, id FROM ledger WHERE closed_at >= ?1 "
	               "AND closed_at < ?2", m->from, m->to, err);
	if (!q)
		return err->status;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		bool closed = strcmp(ctext(q, 0), "unresolvable") != 0;
		report_engineer *e = credit(x, q, 1, sqlite3_column_int64(q, 2));

		if (closed)
			m->closed++;
		else
			m->unresolvable++;
		if (e && closed)
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

/* The fault categories counted with the responses: the most frequent, then by code. */
static int
read_faults(store *st, struct month_ctx *x, sd_err *err)
{
	sd_monthly *m = x->m;
	struct counter *c = &x->faults;
	sqlite3_stmt *q;

	if (!(q = store_prepare(st, "SELECT name FROM fault_category WHERE code = ?", err)))
		return err->status;
	m->faults = xcalloc(REPORT_TOP_FAULTS, sizeof *m->faults);
	counter_sort(c);
	for (size_t i = 0; i < c->n; i++) {
		if (m->nfaults >= REPORT_TOP_FAULTS) {
			m->other_faults += c->v[i].n;
			continue;
		}
		report_named *f = &m->faults[m->nfaults++];
		f->code = xstrdup(c->v[i].key);
		f->n = c->v[i].n;
		sqlite3_bind_text(q, 1, f->code, -1, SQLITE_TRANSIENT);
		int s = sqlite3_step(q);
		f->name = xstrdup(s == SQLITE_ROW ? ctext(q, 0) : *f->code ? f->code : _("not recorded"));
		sqlite3_reset(q);
		if (s != SQLITE_ROW && s != SQLITE_DONE)
			return fail_q(st, s, err);
	}
	return SD_OK;
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

/*
 * Charges (parts charged among them) and payments of the month; the parts
 * issued and returned come with the closing stock (read_stock).
 */
static int
read_parts(store *st, sd_monthly *m, sd_err *err)
{
	sqlite3_stmt *q;
	int s;

	/* charges, kind by kind */
	q = prep_range(st, "SELECT coalesce(sum(amount_fen), 0), coalesce(sum(billed_fen), 0), "
	               "coalesce(sum(CASE WHEN billed_fen = 0 THEN amount_fen ELSE 0 END), 0) FROM charge "
	               "WHERE kind = ?3 AND at >= ?1 AND at < ?2", m->from, m->to, err);
	if (!q)
		return err->status;
	for (int k = 0; k < COST_COUNT; k++) {
		sqlite3_bind_text(q, 3, warranty_cost_code(k), -1, SQLITE_STATIC);
		if ((s = sqlite3_step(q)) == SQLITE_ROW) {
			m->cost_fen[k] += sqlite3_column_int64(q, 0);
			m->billed_fen[k] += sqlite3_column_int64(q, 1);
			m->billed_total_fen += sqlite3_column_int64(q, 1);
			if (k == COST_PARTS) {
				m->parts_charged_fen += sqlite3_column_int64(q, 1);
				m->parts_warranty_fen += sqlite3_column_int64(q, 2);
			}
		}
		sqlite3_reset(q);
		if (s != SQLITE_ROW && s != SQLITE_DONE)
			return fail_q(st, s, err);
	}
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
 * and finished (closed or unresolvable) since the beginning; and the parts
 * issued and returned in the month itself, with the cost of the issues
 * minus the returns (read with the movements the stock rolls forward by).
 */
struct closing {
	long *qty;
	int64_t *val;
	size_t n;
	long long requests, voided, finished;
	long long issued, returned, consumed_fen;
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
	q = prep_range(st, "SELECT part_id, sum(qty), sum(qty * cost_fen), "
	               "sum(CASE WHEN kind = 'issue' THEN -qty ELSE 0 END), "
	               "sum(CASE WHEN kind = 'return' THEN qty ELSE 0 END), "
	               "sum(CASE WHEN kind IN ('issue', 'return') THEN -qty * cost_fen ELSE 0 END) "
	               "FROM stock_move WHERE at >= ?1 AND at < ?2 GROUP BY part_id", from, to, err);
	if (!q)
		return err->status;
	c->issued = c->returned = c->consumed_fen = 0;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		closing_add(c, sqlite3_column_int64(q, 0), (long)sqlite3_column_int64(q, 1),
		            sqlite3_column_int64(q, 2));
		c->issued += sqlite3_column_int64(q, 3);
		c->returned += sqlite3_column_int64(q, 4);
		c->consumed_fen += sqlite3_column_int64(q, 5);
	}
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
	                        "voided, finished, parts_issued, parts_returned, parts_cost_fen) "
	                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err)))
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, c->requests);
	sqlite3_bind_int64(q, 4, c->voided);
	sqlite3_bind_int64(q, 5, c->finished);
	sqlite3_bind_int64(q, 6, c->issued);
	sqlite3_bind_int64(q, 7, c->returned);
	sqlite3_bind_int64(q, 8, c->consumed_fen);
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
	if (!(q = store_prepare(st, "SELECT month, requests, voided, finished, parts_issued, parts_returned, "
	                        "parts_cost_fen FROM month_close "
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
		c->issued = sqlite3_column_int64(q, 4);
		c->returned = sqlite3_column_int64(q, 5);
		c->consumed_fen = sqlite3_column_int64(q, 6);
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
	/* parts consumed in the month: read (or kept) with the month's movements */
	m->parts_issued = (long)c.issued;
	m->parts_returned = (long)c.returned;
	m->parts_cost_fen = c.consumed_fen;
	for (size_t id = 0; id < c.n; id++) {
		m->stock_qty += c.qty[id];
		m->stock_value_fen += c.val[id];
	}
	/*
	 * The parts as they stood at the month's end: registered before it,
	 * with the name, unit, reorder point and active flag a later change
	 * replaced (part_was), so that a past month never changes.
	 */
	if (!(q = store_prepare(st, "SELECT p.id, p.part_no, coalesce(w.name, p.name), "
	                        "coalesce(w.unit, p.unit), coalesce(w.reorder_point, p.reorder_point) "
	                        "FROM part p LEFT JOIN part_was w ON w.id = (SELECT w2.id FROM part_was w2 "
	                        "WHERE w2.part_id = p.id AND w2.until_at >= ?1 ORDER BY w2.until_at, w2.id LIMIT 1) "
	                        "WHERE coalesce(w.active, p.active) = 1 "
	                        "AND (p.created_at IS NULL OR p.created_at < ?1) ORDER BY p.part_no", err))) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, m->to, -1, SQLITE_TRANSIENT);
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

/*
 * Count a visit as it stood at end: the last outcome recorded before end. A
 * miss recorded before end stays a miss there though the visit was done
 * later (the later outcome is a fact of its own month).
 */
static void
visit_count_at(struct visit_fig *v, const char *status, const char *done_at, const char *missed_at,
               const char *end, int sat, bool has_sat)
{
	if (*done_at && strcmp(done_at, end) < 0)
		visit_count(v, status, true, sat, has_sat);
	else if (*missed_at && strcmp(missed_at, end) < 0)
		visit_count(v, "missed", true, 0, false);
	else
		visit_count(v, "planned", false, 0, false);
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
	q = store_prepare(st, "SELECT status, coalesce(done_at, ''), satisfaction, coalesce(missed_at, '') "
	                  "FROM visit WHERE status IN ('planned', 'done', 'missed', 'cancelled') "
	                  "AND due_on >= ?1 AND due_on < ?2", err);
	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, from_on, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, to_on, -1, SQLITE_TRANSIENT);
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		visit_count_at(&v, ctext(q, 0), ctext(q, 1), ctext(q, 3), m->to, sqlite3_column_int(q, 2),
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

/*
 * The warranties and contracts ending within REPORT_ENDING_DAYS days, counted
 * from today while the month runs (or before it), from the day after the
 * month once it is over: the figure of a closed month does not change.
 */
static int
read_ending(store *st, sd_monthly *m, const char *next, sd_err *err)
{
	char first[11];
	sd_date after, today = store_today(), from;

	snprintf(first, sizeof first, "%s-01", next);
	if (!date_parse(first, &after))
		return sd_err_set(err, SD_INTERNAL, "%s", _("invalid month"));
	from = today < after ? today : after;
	date_format(from, m->ending_from);
	return contract_expiring(st, from, REPORT_ENDING_DAYS, NULL, NULL, &m->ending_soon, err);
}

/* ---------------------------------------------------------------- the month */

char *
report_site_name(store *st)
{
	char *s = store_setting(st, "site_name", "");

	if (!*s) {
		free(s);
		s = xstrdup(_("After-sales service desk"));
	}
	return s;
}

/* The faults by model and category of the month (quality.c). */
static int
report_quality_month(store *st, sd_monthly *m, sd_err *err)
{
	if (!quality_period(m->month, &m->quality))
		return sd_err_set(err, SD_INTERNAL, "quality_period %s", m->month);
	return quality_load(st, &m->quality, err);
}

int
report_monthly(store *st, const char *month, sd_monthly *out, sd_err *err)
{
	char next[8];
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REPORT_READ, err)) != SD_OK)
		return rc;
	memset(out, 0, sizeof *out);
	if (!report_parse_month(month, out->month))
		return sd_err_set(err, SD_USAGE, _("invalid month '%s' (expected YYYY-MM)"), month ? month : "");
	month_add(out->month, 1, next);
	snprintf(out->from, sizeof out->from, "%s-01 00:00", out->month);
	snprintf(out->to, sizeof out->to, "%s-01 00:00", next);
	out->site = report_site_name(st);
	out->complaint_rate_bp = -1;
	for (int c = 0; c < CLOCK_COUNT; c++)
		out->clock[c].median_min = out->clock[c].p90_min = -1;
	struct month_ctx x = { .m = out, .elast = -1 };
	rc = changed_since(st, out, &x.changed_since, err);
	if (rc == SD_OK)
		rc = read_requests(st, out, x.changed_since, err);
	if (rc == SD_OK)
		rc = read_clocks(st, &x, err);
	if (rc == SD_OK)
		rc = read_engineers(st, &x, err);
	if (rc == SD_OK)
		rc = read_faults(st, &x, err);
	month_ctx_free(&x);
	if (rc != SD_OK ||
	    (rc = read_complaints(st, out, err)) != SD_OK ||
	    (rc = read_parts(st, out, err)) != SD_OK ||
	    (rc = read_stock(st, out, err)) != SD_OK ||
	    (rc = read_visits(st, out, err)) != SD_OK ||
	    (rc = read_ending(st, out, next, err)) != SD_OK ||
	    (rc = repair_month(st, out->from, out->to, &out->repairs, err)) != SD_OK ||
	    (rc = report_quality_month(st, out, err)) != SD_OK ||
	    (rc = inbox_month_figures(st, out->month, &out->fax, err)) != SD_OK ||
	    (rc = complaint_month(st, out->from, out->to, &out->handling, err)) != SD_OK ||
	    (rc = ledger_cards_month(st, out->from, out->to, &out->cards, err)) != SD_OK ||
	    (rc = install_month(st, atoi(out->month), atoi(out->month + 5), &out->install, err)) != SD_OK ||
	    (rc = return_month(st, out->from, out->to, &out->returns, err)) != SD_OK ||
	    (rc = quote_month(st, out->from, out->to, &out->quotes, err)) != SD_OK)
		return rc;
	/* the month that is running also shows what is overdue now */
	char now[17];
	sd_time tnow;
	store_now(now);
	if (strcmp(now, out->from) >= 0 && strcmp(now, out->to) < 0 && time_parse(now, &tnow)) {
		if ((rc = ledger_overdue_now(st, tnow, out->overdue_now, &out->overdue_entries, err)) != SD_OK)
			return rc;
		out->overdue_shown = true;
		snprintf(out->overdue_as_of, sizeof out->overdue_as_of, "%s", now);
	}
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
	quality_free(&m->quality);
	complaint_month_free(&m->handling);
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
	if ((rc = staff_permit_self(st, ACT_REPORT_READ, err)) != SD_OK)
		return rc;
	memset(out, 0, sizeof *out);
	memset(resp, 0, sizeof resp);
	memset(clear, 0, sizeof clear);
	if (year < 1900 || year > 9998)
		return sd_err_set(err, SD_USAGE, _("invalid year %d"), year);
	out->customer = xstrdup(customer);
	out->site = report_site_name(st);
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

		/* the three clocks the customer's year shows: respond, on site, cleared */
		for (int k = 0; k < 3; k++) {
			static const int shown[3] = { CLOCK_RESPOND, CLOCK_ONSITE, CLOCK_CLEAR };
			int c = shown[k];
			const char *ev = ctext(q, 1 + 2 * k);
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
			if (sqlite3_column_type(q, 2 + 2 * k) != SQLITE_NULL) {
				out->m[mi].clocks++;
				out->m[mi].met += strcmp(ev, ctext(q, 2 + 2 * k)) <= 0;
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
		q = store_prepare(st, "SELECT due_on, status, coalesce(done_at, ''), satisfaction, "
		                  "coalesce(missed_at, '') FROM visit "
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
			visit_count_at(&v, ctext(q, 1), ctext(q, 2), ctext(q, 4), end, sqlite3_column_int(q, 3),
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
	rc = custyear_lists_load(st, out->customer, year, &out->lists, err);
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
	custyear_lists_free(&y->lists);
	memset(y, 0, sizeof *y);
}

/* ---------------------------------------------------------------- printing */

/* strerror(e) as UTF-8 (the locale may be GB18030); free it. */
static char *
error_text(int e)
{
	return enc_locale_to_utf8(strerror(e));
}

/*
 * What the print command said (its output and errors, kept out of the
 * desk's screen): its last non-blank line, in UTF-8, made harmless and cut
 * to fit one message line; NULL when it said nothing.
 */
static char *
print_command_said(FILE *out)
{
	char line[512], last[512] = "", fit[512];
	char *u;

	if (!out || fflush(out) != 0 || fseek(out, 0, SEEK_SET) != 0)
		return NULL;
	while (fgets(line, sizeof line, out)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")])
			snprintf(last, sizeof last, "%s", line);
	}
	if (!last[0])
		return NULL;
	u = enc_locale_to_utf8(last);
	text_fit(fit, sizeof fit, u ? u : last, 100, false);
	free(u);
	return xstrdup(fit);
}

int
report_print(store *st, const char *data, size_t len, sd_err *err)
{
	char *cmd = store_setting(st, "print_command", "lpr");
	char *clean, *e;
	struct sigaction ign, old;
	FILE *p, *out;
	pid_t child = 0;
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
	/* what it says is kept, not let onto the terminal (the desk's screen) */
	out = tmpfile();
	if (!(p = priv_popen(cmd, out ? fileno(out) : -1, &child))) {
		e = error_text(errno);
		rc = sd_err_set(err, SD_IOERR, _("print command '%s': cannot start: %s"), clean, e);
		free(e);
	} else {
		bool wrote = fwrite(data, 1, len, p) == len && fflush(p) == 0;
		int werr = errno;
		status = priv_pclose(p, child);
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
	if (rc != SD_OK && child) {
		char *said = print_command_said(out);

		if (said) {
			char *msg = xstrdup(err->msg);

			sd_err_set(err, rc, "%s: %s", msg, said);
			free(msg);
			free(said);
		}
	}
	if (out)
		fclose(out);
	free(clean);
	free(cmd);
	return rc;
}

int
report_print_doc(store *st, const sd_doc *d, long *pages, sd_err *err)
{
	doc_opts o = { .format = DOCF_PDF, .pages = pages };
	buf b = { 0 };
	int rc = doc_render(d, &o, &b, err);

	if (rc == SD_OK)
		rc = report_print(st, b.data ? b.data : "", b.len, err);
	buf_free(&b);
	return rc;
}
