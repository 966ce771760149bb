/*
 * intake.c — the request intake register: numbering, validation, changes
 * (each one transaction with an audit row) and keyset paging for lists.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "intake.h"
#include "ledger.h"
#include "search_tok.h"
#include "staff.h"
#include "text.h"
#include "valid.h"

/* ---------------------------------------------------------------- codes */

static const struct {
	const char *code;
	const char *name;
	const char *alias[4];
} channels[CH_COUNT] = {
	[CH_FAX]    = { "fax",    N_("fax"),    { "传真", "fax", NULL } },
	[CH_PHONE]  = { "phone",  N_("phone"),  { "电话", "telephone", "tel", NULL } },
	[CH_LETTER] = { "letter", N_("letter"), { "信函", "来函", "mail", NULL } },
	[CH_EMAIL]  = { "email",  N_("e-mail"), { "电子邮件", "邮件", "e-mail", NULL } },
	[CH_VISIT]  = { "visit",  N_("visit"),  { "来访", "上门", NULL } },
};

static const struct {
	const char *code;
	const char *name;
	const char *zh;
} statuses[RS_COUNT] = {
	[RS_OPEN]   = { "open",   N_("open"),   "待转交" },
	[RS_HANDED] = { "handed", N_("handed"), "已转交" },
	[RS_VOID]   = { "void",   N_("void"),   "作废" },
};

const char *
intake_channel_code(int ch)
{
	return ch >= 0 && ch < CH_COUNT ? channels[ch].code : "";
}

const char *
intake_channel_name(int ch)
{
	return ch >= 0 && ch < CH_COUNT ? _(channels[ch].name) : "";
}

int
intake_channel_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < CH_COUNT; i++) {
		if (strcasecmp(s, channels[i].code) == 0 || strcmp(s, _(channels[i].name)) == 0)
			return i;
		for (int j = 0; channels[i].alias[j]; j++)
			if (strcasecmp(s, channels[i].alias[j]) == 0)
				return i;
	}
	return -1;
}

const char *
intake_status_code(int st)
{
	return st >= 0 && st < RS_COUNT ? statuses[st].code : "";
}

const char *
intake_status_name(int st)
{
	return st >= 0 && st < RS_COUNT ? _(statuses[st].name) : "";
}

int
intake_status_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < RS_COUNT; i++)
		if (strcasecmp(s, statuses[i].code) == 0 || strcmp(s, statuses[i].zh) == 0 ||
		    strcmp(s, _(statuses[i].name)) == 0)
			return i;
	return -1;
}

const char *
intake_priority_desc(int p)
{
	switch (p) {
	case 1: return _("P1: the product cannot work; the user's business has stopped");
	case 2: return _("P2: it works, but functions failed or performance is degraded");
	case 3: return _("P3: it runs, but errors are reported");
	case 4: return _("P4: an improvement request or a usage question");
	}
	return "";
}

int
intake_priority_parse(const char *s)
{
	if (!s)
		return -1;
	if (s[0] == 'P' || s[0] == 'p')
		s++;
	if (s[0] >= '1' && s[0] <= '4' && s[1] == '\0')
		return s[0] - '0';
	return -1;
}

const char *
intake_sort_name(int sort)
{
	switch (sort) {
	case SORT_REGNO:    return _("register number");
	case SORT_RECEIVED: return _("received");
	case SORT_CUSTOMER: return _("customer");
	case SORT_PRIORITY: return _("priority");
	case SORT_STATUS:   return _("status");
	}
	return "";
}

/* ---------------------------------------------------------------- records */

void
intake_request_init(sd_request *r)
{
	memset(r, 0, sizeof *r);
	r->priority = 3;
	r->channel = CH_PHONE;
	r->status = RS_OPEN;
}

void
intake_request_free(sd_request *r)
{
	free(r->customer);
	free(r->requester);
	free(r->phone);
	free(r->serial);
	free(r->received_by);
	free(r->handed_to);
	free(r->void_reason);
	free(r->dup_of);
	for (size_t i = 0; i < r->nitems; i++)
		free(r->items[i]);
	free(r->items);
	memset(r, 0, sizeof *r);
}

void
intake_request_add_item(sd_request *r, const char *text)
{
	r->items = xrealloc(r->items, (r->nitems + 1) * sizeof *r->items);
	r->items[r->nitems++] = xstrdup(text);
}

void
intake_request_copy(sd_request *dst, const sd_request *src)
{
	*dst = *src;
	dst->customer = xstrdup(src->customer);
	dst->requester = xstrdup(src->requester);
	dst->phone = xstrdup(src->phone);
	dst->serial = xstrdup(src->serial);
	dst->received_by = xstrdup(src->received_by);
	dst->handed_to = xstrdup(src->handed_to);
	dst->void_reason = xstrdup(src->void_reason);
	dst->dup_of = xstrdup(src->dup_of);
	dst->items = NULL;
	dst->nitems = 0;
	for (size_t i = 0; i < src->nitems; i++)
		intake_request_add_item(dst, src->items[i]);
}

void
intake_row_free(sd_req_row *row)
{
	free(row->customer);
	free(row->requester);
	free(row->phone);
	free(row->first_item);
	free(row->handed_to);
	memset(row, 0, sizeof *row);
}

/* ---------------------------------------------------------------- parsing */

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

bool
intake_parse_time(const char *s, char out[17])
{
	int y, mo, d, h, mi;
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	/* YYYY-MM-DD HH:MM[:SS]; a 'T' separator is accepted too */
	if (n != 16 && n != 19)
		return false;
	if (!all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
	    !all_digits(s + 8, 2) || (s[10] != ' ' && s[10] != 'T') || !all_digits(s + 11, 2) ||
	    s[13] != ':' || !all_digits(s + 14, 2))
		return false;
	if (n == 19 && (s[16] != ':' || !all_digits(s + 17, 2) || atoi(s + 17) > 59))
		return false;
	y = atoi(s);
	mo = atoi(s + 5);
	d = atoi(s + 8);
	h = atoi(s + 11);
	mi = atoi(s + 14);
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59)
		return false;
	/* Validated: copy the digits (out may be s itself). */
	char t[17];
	memcpy(t, s, 16);
	t[10] = ' ';
	t[16] = '\0';
	memcpy(out, t, 17);
	return true;
}

bool
intake_parse_month(const char *s, char out[7])
{
	if (!s || strlen(s) != 7 || !all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2))
		return false;
	int y = atoi(s), m = atoi(s + 5);
	if (y < 1900 || m < 1 || m > 12)
		return false;
	memcpy(out, s, 4);
	memcpy(out + 4, s + 5, 2);
	out[6] = '\0';
	return true;
}

bool
intake_parse_regno(const char *s, char month[7], long *seq)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n < 11 || n > 16 || !all_digits(s, 6) || s[6] != '-' || !all_digits(s + 7, n - 7))
		return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[4] - '0') * 10 + (s[5] - '0');
	if (y < 1900 || m < 1 || m > 12)
		return false;
	long q = strtol(s + 7, NULL, 10);
	/* Four digits at least, and no superfluous leading zeros beyond that. */
	if (q < 1 || (n > 11 && s[7] == '0'))
		return false;
	memcpy(month, s, 6);
	month[6] = '\0';
	*seq = q;
	return true;
}

bool
intake_parse_series_no(const char *s, const char *prefix, char month[7], long *seq)
{
	long n = 0;

	if (!s || strncmp(s, prefix, 2) != 0 || strlen(s) < 13 || s[8] != '-' || !all_digits(s + 2, 6))
		return false;
	if (s[6] > '1' || (s[6] == '1' && s[7] > '2') || (s[6] == '0' && s[7] == '0'))
		return false;
	for (const char *p = s + 9; *p; p++) {
		if (!isdigit((unsigned char)*p) || n > 99999999)
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n < 1)
		return false;
	memcpy(month, s + 2, 6);
	month[6] = '\0';
	*seq = n;
	return true;
}

void
intake_format_regno(char out[24], const char *month, long seq)
{
	snprintf(out, 24, "%.6s-%04ld", month, seq);
}

/* ---------------------------------------------------------------- validation */

static bool
blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* Field labels, translated on use, for messages "label: problem". */
static const char *
label(const char *field)
{
	static const struct { const char *code, *label; } labels[] = {
		{ "received_at", N_("received at") },
		{ "channel", N_("channel") },
		{ "fax_pages", N_("fax pages") },
		{ "customer", N_("customer") },
		{ "requester", N_("requester") },
		{ "phone", N_("phone") },
		{ "serial", N_("serial number") },
		{ "priority", N_("priority") },
		{ "items", N_("maintenance items") },
		{ "handed_to", N_("handed to") },
		{ "handed_at", N_("handed at") },
		{ "void_reason", N_("void reason") },
	};
	for (size_t i = 0; i < SD_ARRAY_LEN(labels); i++)
		if (strcmp(labels[i].code, field) == 0)
			return _(labels[i].label);
	return field;
}

static int
invalid(const char **fieldp, const char *field, sd_err *err, const char *problem)
{
	if (fieldp)
		*fieldp = field;
	return sd_err_set(err, SD_DATAERR, _("%s: %s"), label(field), problem);
}

/* Check one text field of this kind (valid.h); *fieldp names it on a fault. */
static int
check_text(const char *s, const char *field, sd_text_kind kind, const char **fieldp, sd_err *err)
{
	int rc = valid_text(s, label(field), kind, err);

	if (rc != SD_OK && fieldp)
		*fieldp = field;
	return rc;
}

int
intake_validate(const sd_request *r, const char **field, sd_err *err)
{
	char tmp[17];
	int rc;

	if (field)
		*field = NULL;
	if (!intake_parse_time(r->received_at, tmp))
		return invalid(field, "received_at", err, _("expected a date and time like 2026-11-24 09:30"));
	if ((rc = valid_time_happened(tmp, label("received_at"), err)) != SD_OK) {
		if (field)
			*field = "received_at";
		return rc;
	}
	if (r->channel < 0 || r->channel >= CH_COUNT)
		return invalid(field, "channel", err, _("must be fax, phone, letter, e-mail or visit"));
	if (r->fax_pages < 0 || r->fax_pages > 9999)
		return invalid(field, "fax_pages", err, _("must be a number of pages from 1 to 9999"));
	if (r->fax_pages > 0 && r->channel != CH_FAX)
		return invalid(field, "fax_pages", err, _("only for requests received by fax"));
	if (blank(r->customer))
		return invalid(field, "customer", err, _("required"));
	if (blank(r->requester))
		return invalid(field, "requester", err, _("required (the name of the person who raised it)"));
	if (blank(r->phone))
		return invalid(field, "phone", err, _("required (the phone of the person who raised it)"));
	if ((rc = check_text(r->customer, "customer", SD_TEXT_NAME, field, err)) ||
	    (rc = check_text(r->requester, "requester", SD_TEXT_NAME, field, err)) ||
	    (rc = check_text(r->phone, "phone", SD_TEXT_CODE, field, err)) ||
	    (rc = check_text(r->serial, "serial", SD_TEXT_CODE, field, err)))
		return rc;
	int digits = 0;
	for (const char *p = r->phone; *p; p++)
		digits += isdigit((unsigned char)*p) != 0;
	if (digits < 5)
		return invalid(field, "phone", err, _("needs at least 5 digits"));
	if (r->priority < 1 || r->priority > 4)
		return invalid(field, "priority", err, _("must be P1, P2, P3 or P4"));
	size_t items = 0;
	for (size_t i = 0; i < r->nitems; i++) {
		if (blank(r->items[i]))
			continue;
		if ((rc = check_text(r->items[i], "items", SD_TEXT_LONG, field, err)))
			return rc;
		items++;
	}
	if (items == 0)
		return invalid(field, "items", err, _("at least one maintenance item is required"));
	if ((rc = check_text(r->handed_to, "handed_to", SD_TEXT_NAME, field, err)) ||
	    (rc = check_text(r->void_reason, "void_reason", SD_TEXT_LONG, field, err)))
		return rc;
	return SD_OK;
}

/* ---------------------------------------------------------------- storage helpers */

static int
fail(store *st, int rc, sd_err *err)
{
	return store_fail(st, rc, _("updating the intake register"), err);
}

static void
bind_opt_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* The current record of request id as JSON text (for the audit trail), malloc'd. */
static char *
request_json(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT json_object('regno', regno, 'received_at', received_at, 'channel', channel, "
		"'fax_pages', fax_pages, 'customer', customer, 'requester', requester, 'phone', phone, "
		"'serial', serial, 'priority', priority, 'received_by', received_by, "
		"'handed_to', handed_to, 'handed_at', handed_at, 'status', status, "
		"'void_reason', void_reason, 'dup_of', dup_of, 'version', version, "
		"'items', (SELECT json_group_array(text) FROM "
		"  (SELECT text FROM request_item WHERE request_id = r.id ORDER BY pos))) "
		"FROM request r WHERE id = ?", NULL);
	char *s = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_dup(q, 0);
	sqlite3_reset(q);
	return s;
}

bool
intake_item_blank(const char *item)
{
	return blank(item);
}

void
intake_search_body(const sd_request *r, buf *out)
{
	buf_printf(out, "%s\n%s\n%s\n%s", r->customer, r->requester, r->phone, r->serial ? r->serial : "");
	for (size_t i = 0; i < r->nitems; i++) {
		if (blank(r->items[i]))
			continue;
		buf_putc(out, '\n');
		buf_puts(out, r->items[i]);
	}
}

/* Write items and the search row of request id (replacing any, unless fresh: a new row). */
static int
write_items(store *st, const sd_request *r, long long id, bool fresh, sd_err *err)
{
	sqlite3_stmt *q;
	buf body = { 0 };
	int rc, pos = 0;

	if (fresh)
		goto insert;
	if (!(q = store_prepare(st, "DELETE FROM request_item WHERE request_id = ?", err)))
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	if (!(q = store_prepare(st, "DELETE FROM request_fts WHERE rowid = ?", err)))
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
insert:
	intake_search_body(r, &body);
	if (!(q = store_prepare(st, "INSERT INTO request_item (request_id, pos, text) VALUES (?, ?, ?)", err)))
		goto out;
	for (size_t i = 0; i < r->nitems; i++) {
		if (blank(r->items[i]))
			continue;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int(q, 2, ++pos);
		sqlite3_bind_text(q, 3, r->items[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			fail(st, rc, err);
			goto out;
		}
	}
	if (!(q = store_prepare(st, "INSERT INTO request_fts (rowid, body) VALUES (?, ?)", err)))
		goto out;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, buf_str(&body), -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		fail(st, rc, err);
	else
		sd_err_clear(err);
out:
	buf_free(&body);
	return err->status;
}

/*
 * Plain UPDATE, INSERT and SELECT rather than one upsert with RETURNING: the
 * upsert opens a statement savepoint, which makes the search index flush its
 * pending rows on every request (five times slower imports).
 */
int
intake_next_seq(store *st, const char *month, long *seq, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE month_seq SET last = last + 1 WHERE month = ?", err);
	int rc;

	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(st, rc, err);
	if (sqlite3_changes(store_db(st)) == 0) {
		if (!(q = store_prepare(st, "INSERT INTO month_seq (month, last) VALUES (?, 1)", err)))
			return err->status;
		sqlite3_bind_text(q, 1, month, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return fail(st, rc, err);
		*seq = 1;
		return SD_OK;
	}
	if (!(q = store_prepare(st, "SELECT last FROM month_seq WHERE month = ?", err)))
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*seq = (long)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? SD_OK : fail(st, rc, err);
}

/* Keep the month's counter at or above seq (a number kept from an import). */
static int
bump_seq(store *st, const char *month, long seq, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO month_seq (month, last) VALUES (?1, ?2) "
		"ON CONFLICT (month) DO UPDATE SET last = max(last, ?2)", err);
	int rc;

	if (!q)
		return err->status;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, seq);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : fail(st, rc, err);
}

long
intake_dup_window(store *st)
{
	return store_setting_int(st, "dup_window_hours", 72);
}

/* Register number of an earlier request from the same customer and equipment within the window, or NULL. */
static char *
find_duplicate(store *st, const sd_request *r)
{
	long hours = intake_dup_window(st);
	sqlite3_stmt *q;
	char *dup = NULL;

	if (hours <= 0)
		return NULL;
	q = store_prepare(st,
		"SELECT regno FROM request WHERE customer = ?1 AND serial IS ?2 AND status <> 'void' "
		"AND received_at >= strftime('%Y-%m-%d %H:%M', ?3, printf('-%d hours', ?4)) "
		"AND received_at <= ?3 ORDER BY received_at DESC LIMIT 1", NULL);
	if (!q)
		return NULL;
	sqlite3_bind_text(q, 1, r->customer, -1, SQLITE_STATIC);
	bind_opt_text(q, 2, r->serial);
	sqlite3_bind_text(q, 3, r->received_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, hours);
	if (sqlite3_step(q) == SQLITE_ROW)
		dup = store_col_dup(q, 0);
	sqlite3_reset(q);
	return dup;
}

/* Trim r's single-line fields in place (leading/trailing spaces from forms and files). */
static void
trim_fields(sd_request *r)
{
	char **f[] = { &r->customer, &r->requester, &r->phone, &r->serial, &r->handed_to };

	for (size_t i = 0; i < SD_ARRAY_LEN(f); i++) {
		char *t = text_trim_or_null(*f[i]);
		free(*f[i]);
		*f[i] = t;
	}
}

/*
 * The monthly summary keeps the closing figures of months that have ended
 * (month_close); a request received in one of them makes those figures, and
 * the later months', stale. One indexed delete in a small table (usually
 * deleting nothing). A trigger did this once; it made every insert keep a
 * statement journal, which slowed imports threefold.
 */
static int
forget_kept_months(store *st, const char *received_at, sd_err *err)
{
	char month[8];
	sqlite3_stmt *q;
	int rc;

	snprintf(month, sizeof month, "%.7s", received_at);
	if (!(q = store_prepare(st, "DELETE FROM month_close WHERE month >= ?", err)))
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_text(q, 1, month, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("saving the change"), err);
}

int
intake_prepare(store *st, sd_request *r, const char *now, bool validated, sd_err *err)
{
	char month[7];
	long seq;
	char clock[17];
	int rc;

	if (!now) {
		store_now(clock);
		now = clock;
	}
	if (!r->received_at[0])
		snprintf(r->received_at, sizeof r->received_at, "%s", now);
	trim_fields(r);
	if (!validated && (rc = intake_validate(r, NULL, err)) != SD_OK)
		return rc;
	intake_parse_time(r->received_at, r->received_at);
	if (r->regno[0] && !intake_parse_regno(r->regno, month, &seq))
		return sd_err_set(err, SD_DATAERR, _("register number: expected the form YYYYMM-NNNN, not %s"), r->regno);
	if (r->status == RS_HANDED && blank(r->handed_to))
		return sd_err_set(err, SD_DATAERR, _("handed to: required for a request marked handed"));
	if (r->status == RS_VOID && blank(r->void_reason))
		return sd_err_set(err, SD_DATAERR, _("void reason: required for a voided request"));
	if (!blank(r->handed_to) && r->status == RS_OPEN)
		r->status = RS_HANDED;
	if (!blank(r->handed_to) && !r->handed_at[0])
		snprintf(r->handed_at, sizeof r->handed_at, "%s", now);
	if (r->handed_at[0] && !intake_parse_time(r->handed_at, r->handed_at))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label("handed_at"), _("expected a date and time like 2026-11-24 09:30"));
	if (r->handed_at[0] && (rc = valid_time_happened(r->handed_at, label("handed_at"), err)) != SD_OK)
		return rc;
	if (!r->received_by || !*r->received_by) {
		free(r->received_by);
		r->received_by = xstrdup(store_user(st));
	}
	return SD_OK;
}

int
intake_add(store *st, sd_request *r, bool in_tx, sd_err *err)
{
	char month[7];
	long seq;
	long long id;
	sqlite3_stmt *q;
	int rc;
	char *json = NULL;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_ADD, err)) != SD_OK)
		return rc;
	if ((rc = intake_prepare(st, r, NULL, false, err)) != SD_OK)
		return rc;
	if (r->regno[0])
		intake_parse_regno(r->regno, month, &seq);

	if (!in_tx && (rc = store_begin(st, err)) != SD_OK)
		return rc;
	if (r->regno[0]) {
		q = store_prepare(st, "SELECT 1 FROM request WHERE regno = ?", err);
		if (!q)
			goto fail;
		sqlite3_bind_text(q, 1, r->regno, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc == SQLITE_ROW) {
			sd_err_set(err, SD_DATAERR, _("register number: %s is already used"), r->regno);
			goto fail;
		}
		if (bump_seq(st, month, seq, err) != SD_OK)
			goto fail;
	} else {
		/* The month of receipt: "YYYY-MM-..." -> "YYYYMM". */
		snprintf(month, sizeof month, "%.4s%.2s", r->received_at, r->received_at + 5);
		if (intake_next_seq(st, month, &seq, err) != SD_OK)
			goto fail;
		intake_format_regno(r->regno, month, seq);
		if (!r->dup_of)
			r->dup_of = find_duplicate(st, r);
	}

	q = store_prepare(st,
		"INSERT INTO request (regno, month, seq, received_at, channel, fax_pages, customer, "
		"requester, phone, serial, priority, received_by, handed_to, handed_at, status, "
		"void_reason, dup_of, visit_id) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (!q)
		goto fail;
	sqlite3_bind_text(q, 1, r->regno, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, month, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, seq);
	sqlite3_bind_text(q, 4, r->received_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, intake_channel_code(r->channel), -1, SQLITE_STATIC);
	if (r->fax_pages > 0)
		sqlite3_bind_int(q, 6, r->fax_pages);
	sqlite3_bind_text(q, 7, r->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, r->requester, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, r->phone, -1, SQLITE_STATIC);
	bind_opt_text(q, 10, r->serial);
	sqlite3_bind_int(q, 11, r->priority);
	sqlite3_bind_text(q, 12, r->received_by, -1, SQLITE_STATIC);
	bind_opt_text(q, 13, r->handed_to);
	bind_opt_text(q, 14, r->handed_at);
	sqlite3_bind_text(q, 15, intake_status_code(r->status), -1, SQLITE_STATIC);
	bind_opt_text(q, 16, r->void_reason);
	bind_opt_text(q, 17, r->dup_of);
	if (r->visit_id > 0)
		sqlite3_bind_int64(q, 18, r->visit_id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		fail(st, rc, err);
		goto fail;
	}
	id = sqlite3_last_insert_rowid(store_db(st));
	if (write_items(st, r, id, true, err) != SD_OK)
		goto fail;
	if (forget_kept_months(st, r->received_at, err) != SD_OK)
		goto fail;
	if (!in_tx) {
		json = request_json(st, id);
		if (store_audit(st, "request", r->regno, "insert", NULL, json, err) != SD_OK)
			goto fail;
		free(json);
		json = NULL;
	}
	if (!in_tx && store_commit(st, err) != SD_OK)
		goto fail_committed;
	r->id = id;
	r->version = 1;
	return SD_OK;
fail:
	if (!in_tx)
		store_rollback(st);
fail_committed:
	free(json);
	if (!in_tx)
		r->regno[0] = '\0';
	return err->status ? err->status : SD_INTERNAL;
}

static const char request_cols[] =
	"r.id, r.regno, r.received_at, r.channel, r.fax_pages, r.customer, r.requester, r.phone, "
	"r.serial, r.priority, r.received_by, r.handed_to, r.handed_at, r.status, r.void_reason, "
	"r.dup_of, r.version, r.visit_id";

/* Fill r from a row of request_cols, then its items. */
static int
read_request(store *st, sqlite3_stmt *q, sd_request *r, sd_err *err)
{
	sqlite3_stmt *qi;
	int rc;

	intake_request_init(r);
	r->id = sqlite3_column_int64(q, 0);
	store_col_copy(q, 1, r->regno, sizeof r->regno);
	store_col_copy(q, 2, r->received_at, sizeof r->received_at);
	r->channel = intake_channel_parse((const char *)sqlite3_column_text(q, 3));
	r->fax_pages = sqlite3_column_int(q, 4);
	r->customer = store_col_dup(q, 5);
	r->requester = store_col_dup(q, 6);
	r->phone = store_col_dup(q, 7);
	r->serial = store_col_dup(q, 8);
	r->priority = sqlite3_column_int(q, 9);
	r->received_by = store_col_dup(q, 10);
	r->handed_to = store_col_dup(q, 11);
	store_col_copy(q, 12, r->handed_at, sizeof r->handed_at);
	r->status = intake_status_parse((const char *)sqlite3_column_text(q, 13));
	r->void_reason = store_col_dup(q, 14);
	r->dup_of = store_col_dup(q, 15);
	r->version = sqlite3_column_int(q, 16);
	r->visit_id = sqlite3_column_int64(q, 17);

	if (!(qi = store_prepare(st, "SELECT text FROM request_item WHERE request_id = ? ORDER BY pos", err)))
		return err->status;
	sqlite3_bind_int64(qi, 1, r->id);
	while ((rc = sqlite3_step(qi)) == SQLITE_ROW)
		intake_request_add_item(r, (const char *)sqlite3_column_text(qi, 0));
	sqlite3_reset(qi);
	return rc == SQLITE_DONE ? SD_OK : store_fail(st, rc, _("reading the intake register"), err);
}

int
intake_get(store *st, const char *regno, sd_request *out, sd_err *err)
{
	char sql[512];
	sqlite3_stmt *q;
	int rc;

	intake_request_init(out);
	snprintf(sql, sizeof sql, "SELECT %s FROM request r WHERE regno = ?", request_cols);
	if (!(q = store_prepare(st, sql, err)))
		return err->status;
	sqlite3_bind_text(q, 1, regno, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		rc = read_request(st, q, out, err);
		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, _("reading the intake register"), err);
	return sd_err_set(err, SD_DATAERR, _("no request with register number %s"), regno);
}

/* Who changed request regno last, and when (from the audit trail), into out; empty if unknown. */
static void
last_change(store *st, const char *regno, char *out, size_t size)
{
	char who[64], at[32];

	out[0] = '\0';
	if (store_last_change(st, "request", regno, who, sizeof who, at, sizeof at))
		snprintf(out, size, "%s %s", who, at);
}

/*
 * Inside an open transaction: load the stored request and check that it can
 * be changed (exists, not void, version as expected). Fills *cur.
 */
static int
lock_for_change(store *st, const char *regno, int expected_version, sd_request *cur,
                sd_request *current_out, sd_err *err)
{
	int rc = intake_get(st, regno, cur, err);

	if (rc != SD_OK)
		return rc;
	if (expected_version >= 0 && cur->version != expected_version) {
		char who[128];

		last_change(st, regno, who, sizeof who);
		if (current_out)
			intake_request_copy(current_out, cur);
		return sd_err_set(err, SD_DATAERR,
		                  _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
		                  regno, who);
	}
	if (cur->status == RS_VOID)
		return sd_err_set(err, SD_DATAERR, _("%s is void and cannot be changed"), regno);
	return SD_OK;
}

/* Bump the version of the request and write the audit row with old/new JSON. */
static int
finish_change(store *st, long long id, const char *regno, const char *action,
              char *old_json, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "UPDATE request SET version = version + 1 WHERE id = ?", err);
	char *new_json;
	int rc;

	if (!q) {
		free(old_json);
		return err->status;
	}
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(old_json);
		return fail(st, rc, err);
	}
	new_json = request_json(st, id);
	rc = store_audit(st, "request", regno, action, old_json, new_json, err);
	free(old_json);
	free(new_json);
	return rc;
}

/*
 * Before a change of channel, priority or customer, keep what they were until
 * now: a month's report counts them as they stood at the month's end.
 */
static int
keep_was(store *st, const sd_request *cur, const sd_request *r, sd_err *err)
{
	sqlite3_stmt *q;
	char now[17];
	int rc;

	if (cur->channel == r->channel && cur->priority == r->priority &&
	    strcmp(cur->customer ? cur->customer : "", r->customer ? r->customer : "") == 0)
		return SD_OK;
	q = store_prepare(st, "INSERT INTO request_was (request_id, until_at, channel, priority, customer) "
	                      "VALUES (?, ?, ?, ?, ?)", err);
	if (!q)
		return err->status;
	store_now(now);
	sqlite3_bind_int64(q, 1, cur->id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, intake_channel_code(cur->channel), -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, cur->priority);
	sqlite3_bind_text(q, 5, cur->customer ? cur->customer : "", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SD_OK : fail(st, rc, err);
}

int
intake_update(store *st, sd_request *r, sd_request *current, sd_err *err)
{
	sd_request cur;
	sqlite3_stmt *q;
	char *old_json;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_EDIT, err)) != SD_OK)
		return rc;
	trim_fields(r);
	if ((rc = intake_validate(r, NULL, err)) != SD_OK)
		return rc;
	intake_parse_time(r->received_at, r->received_at);
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = lock_for_change(st, r->regno, r->version, &cur, current, err)) != SD_OK)
		goto out;
	if ((rc = keep_was(st, &cur, r, err)) != SD_OK)
		goto out;
	old_json = request_json(st, cur.id);
	q = store_prepare(st,
		"UPDATE request SET received_at = ?, channel = ?, fax_pages = ?, customer = ?, "
		"requester = ?, phone = ?, serial = ?, priority = ? WHERE id = ?", err);
	if (!q) {
		free(old_json);
		goto out;
	}
	sqlite3_bind_text(q, 1, r->received_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, intake_channel_code(r->channel), -1, SQLITE_STATIC);
	if (r->fax_pages > 0)
		sqlite3_bind_int(q, 3, r->fax_pages);
	sqlite3_bind_text(q, 4, r->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, r->requester, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, r->phone, -1, SQLITE_STATIC);
	bind_opt_text(q, 7, r->serial);
	sqlite3_bind_int(q, 8, r->priority);
	sqlite3_bind_int64(q, 9, cur.id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(old_json);
		rc = fail(st, rc, err);
		goto out;
	}
	/*
	 * The priority, the customer (its region), the equipment (its contract)
	 * and the time of receipt feed the due times.
	 */
	if ((rc = write_items(st, r, cur.id, false, err)) != SD_OK ||
	    (rc = ledger_dues_refresh(st, cur.id, NULL, NULL, err)) != SD_OK ||
	    (rc = finish_change(st, cur.id, r->regno, "update", old_json, err)) != SD_OK)
		goto out;
	if ((rc = store_commit(st, err)) == SD_OK)
		r->version = cur.version + 1;
	intake_request_free(&cur);
	return rc;
out:
	store_rollback(st);
	intake_request_free(&cur);
	return rc ? rc : (err->status ? err->status : SD_INTERNAL);
}

int
intake_hand(store *st, const char *regno, const char *to, const char *at,
            int expected_version, sd_err *err)
{
	sd_request cur;
	char when[17];
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_HAND, err)) != SD_OK)
		return rc;
	if (blank(to))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label("handed_to"), _("required"));
	if (at && *at) {
		if (!intake_parse_time(at, when))
			return sd_err_set(err, SD_DATAERR, _("%s: %s"), label("handed_at"),
			                  _("expected a date and time like 2026-11-24 09:30"));
		if ((rc = valid_time_happened(when, label("handed_at"), err)) != SD_OK)
			return rc;
	} else {
		store_now(when);
	}
	if (!staff_can_receive(st, to))
		return sd_err_set(err, SD_DATAERR,
		                  _("handed to: %s is not an active engineer or supervisor on the staff list"), to);
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = lock_for_change(st, regno, expected_version, &cur, NULL, err)) != SD_OK)
		goto out;
	if (strcmp(when, cur.received_at) < 0) {
		rc = sd_err_set(err, SD_DATAERR, _("handed at: %s is before the request was received (%s)"),
		                when, cur.received_at);
		goto out;
	}
	char *old_json = request_json(st, cur.id);
	q = store_prepare(st, "UPDATE request SET handed_to = ?, handed_at = ?, status = 'handed' WHERE id = ?", err);
	if (!q) {
		free(old_json);
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, when, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, cur.id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(old_json);
		rc = fail(st, rc, err);
		goto out;
	}
	if ((rc = finish_change(st, cur.id, regno, "hand", old_json, err)) != SD_OK)
		goto out;
	intake_request_free(&cur);
	return store_commit(st, err);
out:
	store_rollback(st);
	intake_request_free(&cur);
	return rc;
}

int
intake_void(store *st, const char *regno, const char *reason, int expected_version, sd_err *err)
{
	sd_request cur;
	sqlite3_stmt *q;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_REQUEST_VOID, err)) != SD_OK)
		return rc;
	if (blank(reason))
		return sd_err_set(err, SD_DATAERR, _("%s: %s"), label("void_reason"), _("required"));
	if ((rc = check_text(reason, "void_reason", SD_TEXT_LONG, NULL, err)) != SD_OK)
		return rc;
	if ((rc = store_begin(st, err)) != SD_OK)
		return rc;
	if ((rc = lock_for_change(st, regno, expected_version, &cur, NULL, err)) != SD_OK)
		goto out;
	char *old_json = request_json(st, cur.id);
	char now[17];
	store_now(now);
	q = store_prepare(st, "UPDATE request SET status = 'void', void_reason = ?, voided_at = ? "
	                      "WHERE id = ?", err);
	if (!q) {
		free(old_json);
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(q, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, cur.id);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(old_json);
		rc = fail(st, rc, err);
		goto out;
	}
	if ((rc = finish_change(st, cur.id, regno, "void", old_json, err)) != SD_OK)
		goto out;
	intake_request_free(&cur);
	return store_commit(st, err);
out:
	store_rollback(st);
	intake_request_free(&cur);
	return rc;
}

/* ---------------------------------------------------------------- lists */

void
intake_query_init(sd_req_query *q)
{
	memset(q, 0, sizeof *q);
	q->channel = -1;
	q->status = -1;
	q->sort = SORT_REGNO;
	q->desc = true;
}

/* The two columns of the paging key of each sort order (the second makes it unique). */
static const struct {
	const char *k1, *k2;
	bool numeric;     /* k1 is an integer */
} sort_keys[SORT_COUNT] = {
	[SORT_REGNO]    = { "r.month", "r.seq", false },
	[SORT_RECEIVED] = { "r.received_at", "r.id", false },
	[SORT_CUSTOMER] = { "r.customer", "r.id", false },
	[SORT_PRIORITY] = { "r.priority", "r.id", true },
	[SORT_STATUS]   = { "r.status", "r.id", false },
};

/*
 * SEARCH_FTS: look the matches up in the search index and sort them;
 * SEARCH_FTS_WALK: walk the list in its order and keep the rows that are
 * among the matches (faster when matches are many, as the first page is found
 * early); SEARCH_SCAN: a search with nothing the index can look up (only
 * punctuation: %, _, a quote), matched row by row.
 *
 * The index (search_tok.c) holds each pair of neighbouring Chinese
 * characters (the last of a run alone), and Latin words and numbers whole: a
 * search of any length is a phrase over it -- the pairs of the text in a
 * row; a single character, or a Latin word or number at the end (being
 * typed), also as the beginning of a token.
 *
 * SEARCH_TEXT_WALK (intake_page only): walk the first SEARCH_WALK_BUDGET
 * rows of the list in its order, testing each row's text with the same rules
 * (servdesk_search()): a frequent term -- one character, 公司, a common
 * surname -- fills the page there, long before the index has listed its
 * hundreds of thousands of matches. When the page is not filled, the index
 * answers (SEARCH_FTS or SEARCH_FTS_WALK).
 */
enum search_kind { SEARCH_NONE, SEARCH_FTS, SEARCH_FTS_WALK, SEARCH_SCAN, SEARCH_TEXT_WALK };

/*
 * Rows a page's text walk tests before it asks the index: the walk costs a
 * few microseconds a row; a term rarer than a page in this many rows has few
 * enough matches for the index to list them quickly.
 */
#define SEARCH_WALK_BUDGET 3000

/* Beyond this many matches, walking the list beats sorting the matches. */
#define SEARCH_WALK_FROM 500

static enum search_kind
search_kind_of(const char *search)
{
	if (!search || !*search)
		return SEARCH_NONE;
	return search_query_tokens(search) > 0 ? SEARCH_FTS : SEARCH_SCAN;
}

static enum search_kind
search_kind(const sd_req_query *q)
{
	return search_kind_of(q->search);
}

/* Bind q's search text as a quoted FTS5 phrase, a prefix when it ends inside a word. */
static void
fts_phrase(buf *tmp, const char *search)
{
	buf_reset(tmp);
	buf_putc(tmp, '"');
	for (const char *p = search; *p; p++) {
		if (*p == '"')
			buf_putc(tmp, '"');
		buf_putc(tmp, *p);
	}
	buf_putc(tmp, '"');
	if (search_query_prefix(search))
		buf_puts(tmp, " *");
}

/* How many rows the search matches, counting up to most. */
static long
search_matches(store *st, const char *search, long most)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT count(*) FROM (SELECT 1 FROM request_fts WHERE request_fts MATCH ? LIMIT ?)", NULL);
	buf tmp = { 0 };
	long n = 0;

	if (!s)
		return 0;
	fts_phrase(&tmp, search);
	sqlite3_bind_text(s, 1, buf_str(&tmp), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, most);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	buf_free(&tmp);
	return n;
}

/* Does the search match at least many rows? Counting stops there. */
static bool
search_matches_many(store *st, const char *search, int many)
{
	return search_matches(st, search, many) >= many;
}

static void search_condition(buf *sql, enum search_kind kind);

/* Append the WHERE conditions of q (always starting with "WHERE 1"), searching as kind says. */
static void
where_clause(buf *sql, const sd_req_query *q, enum search_kind kind)
{
	buf_puts(sql, " WHERE 1");
	if (q->month[0])
		buf_puts(sql, " AND r.month = :month");
	if (q->channel >= 0)
		buf_puts(sql, " AND r.channel = :channel");
	if (q->status >= 0)
		buf_puts(sql, " AND r.status = :status");
	search_condition(sql, kind);
}

/* Append the search condition of kind on r.id. */
static void
search_condition(buf *sql, enum search_kind kind)
{
	switch (kind) {
	case SEARCH_FTS:
		buf_puts(sql, " AND r.id IN (SELECT rowid FROM request_fts WHERE request_fts MATCH :search)");
		break;
	case SEARCH_FTS_WALK:
		/* '+' keeps the planner on the list's index, testing each row against the matches. */
		buf_puts(sql, " AND +r.id IN (SELECT rowid FROM request_fts WHERE request_fts MATCH :search)");
		break;
	case SEARCH_SCAN:
		/* '+': the LIKE is tested on each row's text, never handed to the index */
		buf_puts(sql, " AND EXISTS (SELECT 1 FROM request_fts f WHERE f.rowid = r.id "
		              "AND +f.body LIKE :search ESCAPE '\\')");
		break;
	case SEARCH_TEXT_WALK:
		/* the text as the index keeps it, read straight from FTS5's content table
		 * (request_fts_content, column c0): a lookup through the virtual table
		 * costs four times as much */
		buf_puts(sql, " AND servdesk_search((SELECT c0 FROM request_fts_content WHERE id = r.id), :text)");
		break;
	case SEARCH_NONE:
		break;
	}
}

/* Bind the WHERE parameters of q; the search text is turned into a phrase or LIKE pattern. */
static void
bind_query(sqlite3_stmt *s, const sd_req_query *q)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(s, ":month")))
		sqlite3_bind_text(s, i, q->month, -1, SQLITE_TRANSIENT);
	if ((i = sqlite3_bind_parameter_index(s, ":channel")))
		sqlite3_bind_text(s, i, intake_channel_code(q->channel), -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":status")))
		sqlite3_bind_text(s, i, intake_status_code(q->status), -1, SQLITE_STATIC);
	intake_search_bind(s, q->search);
}

void
intake_search_where(store *st, const char *search, bool walk_ok, buf *sql)
{
	enum search_kind kind = search_kind_of(search);

	if (kind == SEARCH_FTS && walk_ok && search_matches_many(st, search, SEARCH_WALK_FROM))
		kind = SEARCH_FTS_WALK;
	search_condition(sql, kind);
}

void
intake_search_bind(sqlite3_stmt *s, const char *search)
{
	int i = sqlite3_bind_parameter_index(s, ":search");
	buf pat = { 0 };

	if (!i)
		return;
	if (search_kind_of(search) == SEARCH_FTS) {
		fts_phrase(&pat, search);
	} else {
		/* a LIKE pattern: the text anywhere, its own % _ \ taken literally */
		buf_putc(&pat, '%');
		for (const char *p = search; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				buf_putc(&pat, '\\');
			buf_putc(&pat, *p);
		}
		buf_putc(&pat, '%');
	}
	sqlite3_bind_text(s, i, buf_str(&pat), -1, SQLITE_TRANSIENT);
	buf_free(&pat);
}

/* One page of the list, searching as kind says (see intake_page). */
static int
page_query(store *st, const sd_req_query *q, enum sd_page_from from, enum search_kind kind,
           const sd_req_row *anchor, int limit, sd_req_row *rows, int *n, sd_err *err)
{
	int sort = q->sort >= 0 && q->sort < SORT_COUNT ? q->sort : SORT_REGNO;
	/* Rows are fetched walking forward (list order) or backward (then reversed). */
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	bool asc = q->desc ? backward : !backward;
	const char *k1 = sort_keys[sort].k1, *k2 = sort_keys[sort].k2;
	buf sql = { 0 };
	sqlite3_stmt *s;
	int rc, count = 0;

	*n = 0;
	sd_err_clear(err);
	if ((from == PAGE_AFTER || from == PAGE_BEFORE) && !anchor)
		return sd_err_set(err, SD_INTERNAL, "intake_page: no anchor");
	buf_printf(&sql,
		"SELECT r.id, r.regno, r.received_at, r.channel, r.priority, r.status, "
		"r.dup_of IS NOT NULL, r.customer, r.requester, r.phone, "
		"(SELECT text FROM request_item WHERE request_id = r.id AND pos = 1), "
		"r.handed_to, %s, %s FROM ", k1, k2);
	/* the text walk: the first rows of the list (in a subquery), then the search on them */
	buf_puts(&sql, kind == SEARCH_TEXT_WALK ? "(SELECT * FROM request r" : "request r");
	where_clause(&sql, q, kind == SEARCH_TEXT_WALK ? SEARCH_NONE : kind);
	if (from == PAGE_AFTER || from == PAGE_BEFORE)
		buf_printf(&sql, " AND (%s, %s) %s (:a1, :a2)", k1, k2, asc ? ">" : "<");
	if (kind == SEARCH_TEXT_WALK) {
		buf_printf(&sql, " ORDER BY %s %s, %s %s LIMIT :budget) r WHERE 1",
		           k1, asc ? "ASC" : "DESC", k2, asc ? "ASC" : "DESC");
		search_condition(&sql, kind);
	}
	buf_printf(&sql, " ORDER BY %s %s, %s %s LIMIT :limit", k1, asc ? "ASC" : "DESC", k2, asc ? "ASC" : "DESC");

	s = store_prepare(st, sql.data, err);
	buf_free(&sql);
	if (!s)
		return err->status;
	bind_query(s, q);
	if (anchor && (from == PAGE_AFTER || from == PAGE_BEFORE)) {
		int i1 = sqlite3_bind_parameter_index(s, ":a1");
		if (sort_keys[sort].numeric)
			sqlite3_bind_int64(s, i1, strtoll(anchor->key_text, NULL, 10));
		else
			sqlite3_bind_text(s, i1, anchor->key_text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":a2"), anchor->key_num);
	}
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":limit"), limit);
	if (kind == SEARCH_TEXT_WALK) {
		sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":budget"), SEARCH_WALK_BUDGET);
		sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":text"), q->search, -1, SQLITE_TRANSIENT);
	}

	while (count < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sd_req_row *row = &rows[count++];

		memset(row, 0, sizeof *row);
		row->id = sqlite3_column_int64(s, 0);
		store_col_copy(s, 1, row->regno, sizeof row->regno);
		store_col_copy(s, 2, row->received_at, sizeof row->received_at);
		row->channel = intake_channel_parse((const char *)sqlite3_column_text(s, 3));
		row->priority = sqlite3_column_int(s, 4);
		row->status = intake_status_parse((const char *)sqlite3_column_text(s, 5));
		row->dup = sqlite3_column_int(s, 6) != 0;
		row->customer = store_col_dup(s, 7);
		row->requester = store_col_dup(s, 8);
		row->phone = store_col_dup(s, 9);
		row->first_item = store_col_dup(s, 10);
		row->handed_to = store_col_dup(s, 11);
		store_col_copy(s, 12, row->key_text, sizeof row->key_text);
		row->key_num = sqlite3_column_int64(s, 13);
	}
	if (count < limit && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		for (int i = 0; i < count; i++)
			intake_row_free(&rows[i]);
		return store_fail(st, rc, _("reading the intake register"), err);
	}
	sqlite3_reset(s);
	if (backward) {
		for (int i = 0, j = count - 1; i < j; i++, j--) {
			sd_req_row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	}
	*n = count;
	return SD_OK;
}

int
intake_page(store *st, const sd_req_query *q, enum sd_page_from from,
            const sd_req_row *anchor, int limit, sd_req_row *rows, int *n, sd_err *err)
{
	enum search_kind kind = search_kind(q);
	int rc;

	if (kind != SEARCH_FTS)
		return page_query(st, q, from, kind, anchor, limit, rows, n, err);
	/*
	 * Which plan: counting the matches is quick unless the search is a
	 * prefix (one character, a word being typed: the index lists every
	 * token that begins so). Few matches are sorted; more are met walking
	 * the list; so many that a page lies in the list's first
	 * SEARCH_WALK_BUDGET rows (or matches not counted) are tested there
	 * row by row, and the index answers only if the page is not filled.
	 */
	if (!search_query_prefix(q->search)) {
		sqlite3_stmt *s = store_prepare(st, "SELECT coalesce(max(id), 0) FROM request", err);
		long total = 0, dense, m;

		if (!s)
			return err->status;
		if (sqlite3_step(s) == SQLITE_ROW)
			total = (long)sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		dense = total / SEARCH_WALK_BUDGET * limit;
		if (dense < SEARCH_WALK_FROM)
			dense = SEARCH_WALK_FROM;
		m = search_matches(st, q->search, dense);
		if (m < SEARCH_WALK_FROM)
			return page_query(st, q, from, SEARCH_FTS, anchor, limit, rows, n, err);
		if (m < dense)
			return page_query(st, q, from, SEARCH_FTS_WALK, anchor, limit, rows, n, err);
	}
	if ((rc = page_query(st, q, from, SEARCH_TEXT_WALK, anchor, limit, rows, n, err)) != SD_OK ||
	    *n == limit)
		return rc;
	for (int i = 0; i < *n; i++)
		intake_row_free(&rows[i]);
	*n = 0;
	kind = search_matches_many(st, q->search, SEARCH_WALK_FROM) ? SEARCH_FTS_WALK : SEARCH_FTS;
	return page_query(st, q, from, kind, anchor, limit, rows, n, err);
}

int
intake_each(store *st, const sd_req_query *q,
            int (*fn)(const sd_request *r, void *arg), void *arg, sd_err *err)
{
	int sort = q->sort >= 0 && q->sort < SORT_COUNT ? q->sort : SORT_REGNO;
	const char *dir = q->desc ? "DESC" : "ASC";
	buf sql = { 0 };
	sqlite3_stmt *s;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	buf_printf(&sql, "SELECT %s FROM request r", request_cols);
	where_clause(&sql, q, search_kind(q));
	buf_printf(&sql, " ORDER BY %s %s, %s %s", sort_keys[sort].k1, dir, sort_keys[sort].k2, dir);
	/* A statement of its own: fn may use the store's cached statements. */
	rc = sqlite3_prepare_v2(store_db(st), sql.data, -1, &s, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, _("reading the intake register"), err);
	bind_query(s, q);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sd_request r;

		if ((ret = read_request(st, s, &r, err)) == SD_OK)
			ret = fn(&r, arg);
		intake_request_free(&r);
		if (ret != SD_OK)
			break;
	}
	if (ret == SD_OK && rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the intake register"), err);
	sqlite3_finalize(s);
	return ret;
}
