/*
 * customer.c — customers, their equipment (设备档案), downtime records and
 * the warranty of a serial number on any date.
 *
 * Every change is one transaction with an audit row holding the old and new
 * values (SQLite json_object). A change made while the caller already holds
 * a transaction (an import) joins it: the caller commits or rolls back.
 * Re-saving a record with the values it already has writes nothing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "customer.h"
#include "ledger.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "valid.h"

/* ---------------------------------------------------------------- records */

void
customer_free(sd_customer *c)
{
	free(c->name);
	free(c->region);
	free(c->address);
	free(c->contact);
	free(c->phone);
	memset(c, 0, sizeof *c);
}

void
equipment_free(sd_equipment *e)
{
	free(e->customer);
	free(e->serial);
	free(e->model);
	free(e->note);
	memset(e, 0, sizeof *e);
}

/* ---------------------------------------------------------------- validation */

/* Field labels, translated on use, for messages "label: problem". */
static const struct {
	const char *code, *label;
} labels[] = {
	{ "name", N_("name") },
	{ "region", N_("region") },
	{ "address", N_("address") },
	{ "contact", N_("contact") },
	{ "phone", N_("phone") },
	{ "serial", N_("serial number") },
	{ "customer", N_("customer") },
	{ "model", N_("model") },
	{ "delivered_on", N_("delivered on") },
	{ "accepted_on", N_("accepted on") },
	{ "commissioned_on", N_("commissioned on") },
	{ "note", N_("note") },
	{ "warranty_months", N_("warranty months") },
	{ "warranty_from", N_("warranty from") },
	{ "from", N_("from") },
	{ "to", N_("to") },
	{ "reason", N_("reason") },
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

/* A trimmed, checked copy of a customer in *out (free with customer_free). */
static int
customer_clean(const sd_customer *c, sd_customer *out, sd_err *err)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->key_customer = c->key_customer;
	out->name = text_trim_or_null(c->name);
	out->region = text_trim_or_null(c->region);
	out->address = text_trim_or_null(c->address);
	out->contact = text_trim_or_null(c->contact);
	out->phone = text_trim_or_null(c->phone);
	if (!out->name)
		return invalid("name", err, _("required"));
	if ((rc = check_text(out->name, "name", SD_TEXT_NAME, err)) ||
	    (rc = check_text(out->region, "region", SD_TEXT_CODE, err)) ||
	    (rc = check_text(out->address, "address", SD_TEXT_LINE, err)) ||
	    (rc = check_text(out->contact, "contact", SD_TEXT_NAME, err)) ||
	    (rc = check_text(out->phone, "phone", SD_TEXT_CODE, err)))
		return rc;
	if (out->phone) {
		int digits = 0;
		for (const char *p = out->phone; *p; p++)
			digits += *p >= '0' && *p <= '9';
		if (digits < 5)
			return invalid("phone", err, _("needs at least 5 digits"));
	}
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

static void
col_date(sqlite3_stmt *q, int i, char out[11])
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	snprintf(out, 11, "%s", s ? s : "");
}

/* Is a write transaction already open on the connection? */
static bool
in_transaction(store *st)
{
	return sqlite3_get_autocommit(store_db(st)) == 0;
}

/* The JSON of one row (sql selects json_object(...) by a bound id); NULL if none. */
static char *
row_json(store *st, const char *sql, long long id)
{
	sqlite3_stmt *q = store_prepare(st, sql, NULL);
	char *json = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		json = store_col_dup(q, 0);
	sqlite3_reset(q);
	return json;
}

/* Equal JSON texts (both NULL counts as equal). */
static bool
same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * The optimistic check of an update: the stored version of row id (sql
 * selects it by a bound id) must be expected (0: no check). key names the
 * record in the message; table is the audit table.
 */
static int
check_version(store *st, const char *sql, long long id, int expected, const char *table,
              const char *key, sd_err *err)
{
	sqlite3_stmt *q;
	int stored = -1;
	char who[128];

	if (expected <= 0)
		return SD_OK;
	if (!(q = store_prepare(st, sql, err)))
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		stored = sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	if (stored == expected)
		return SD_OK;
	customer_last_change(st, table, key, who, sizeof who);
	return sd_err_set(err, SD_DATAERR,
	                  _("%s was changed meanwhile (%s); your change was not saved — the current values are shown"),
	                  key, who);
}

/* ---------------------------------------------------------------- customers */

static const char customer_json_sql[] =
	"SELECT json_object('name', name, 'region', region, 'key_customer', key_customer, "
	"'address', address, 'contact', contact, 'phone', phone) FROM customer WHERE id = ?";

/* The id of the customer named name: >0, 0 if none, -1 on error (err filled). */
static long long
customer_id(store *st, const char *name, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id FROM customer WHERE name = ?", err);
	long long id = 0;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, rc, _("reading the customers"), err);
		return -1;
	}
	return id;
}

/* The region of customer id (malloc'd; NULL when none). */
static char *
customer_region_of(store *st, long long id)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT region FROM customer WHERE id = ?", NULL);
	char *region = NULL;

	if (!q)
		return NULL;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW)
		region = store_col_dup(q, 0);
	sqlite3_reset(q);
	return region;
}

int
customer_put(store *st, const sd_customer *c, sd_err *err)
{
	sd_customer v;
	sqlite3_stmt *q;
	char *old = NULL, *new = NULL, *old_region = NULL;
	bool own_tx = false;
	long long id;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_CUSTOMER_CHANGE, err)) != SD_OK)
		return rc;
	if ((rc = customer_clean(c, &v, err)) != SD_OK) {
		customer_free(&v);
		return rc;
	}
	if (!in_transaction(st)) {
		if ((rc = store_begin(st, err)) != SD_OK) {
			customer_free(&v);
			return rc;
		}
		own_tx = true;
	}
	if ((id = customer_id(st, v.name, err)) < 0)
		goto fail;
	if (id > 0) {
		if (check_version(st, "SELECT version FROM customer WHERE id = ?", id, c->version,
		                  "customer", v.name, err) != SD_OK)
			goto fail;
		old_region = customer_region_of(st, id);
		old = row_json(st, customer_json_sql, id);
		q = store_prepare(st, "UPDATE customer SET region = ?2, key_customer = ?3, "
		                      "address = ?4, contact = ?5, phone = ?6, version = version + 1 "
		                      "WHERE id = ?1", err);
		if (!q)
			goto fail;
		sqlite3_bind_int64(q, 1, id);
	} else {
		q = store_prepare(st, "INSERT INTO customer (name, region, key_customer, address, "
		                      "contact, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
		if (!q)
			goto fail;
		sqlite3_bind_text(q, 1, v.name, -1, SQLITE_STATIC);
	}
	bind_opt(q, 2, v.region);
	sqlite3_bind_int(q, 3, v.key_customer ? 1 : 0);
	bind_opt(q, 4, v.address);
	bind_opt(q, 5, v.contact);
	bind_opt(q, 6, v.phone);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, _("saving a customer"), err);
		goto fail;
	}
	if (id == 0)
		id = sqlite3_last_insert_rowid(store_db(st));
	new = row_json(st, customer_json_sql, id);
	if (!same(old, new) &&
	    store_audit(st, "customer", v.name, old ? "update" : "insert", old, new, err) != SD_OK)
		goto fail;
	/* The region decides the service-level policy of the customer's entries. */
	if (!same(old_region, v.region) && ledger_dues_refresh(st, 0, v.name, NULL, err) != SD_OK)
		goto fail;
	if (own_tx && (rc = store_commit(st, err)) != SD_OK)
		goto out;
	rc = SD_OK;
	goto out;
fail:
	if (own_tx)
		store_rollback(st);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(old);
	free(new);
	free(old_region);
	customer_free(&v);
	return rc;
}

static void
read_customer(sqlite3_stmt *q, sd_customer *out)
{
	out->id = sqlite3_column_int64(q, 0);
	out->name = store_col_dup(q, 1);
	out->region = store_col_dup(q, 2);
	out->key_customer = sqlite3_column_int(q, 3) != 0;
	out->address = store_col_dup(q, 4);
	out->contact = store_col_dup(q, 5);
	out->phone = store_col_dup(q, 6);
	out->version = sqlite3_column_int(q, 7);
}

int
customer_get(store *st, const char *name, sd_customer *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, name, region, key_customer, address, "
	                                    "contact, phone, version FROM customer WHERE name = ?", err);
	char *t;
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	t = text_trim(name ? name : "");
	sqlite3_bind_text(q, 1, t, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_customer(q, out);
		sqlite3_reset(q);
		free(t);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(t);
		return store_fail(st, rc, _("reading the customers"), err);
	}
	rc = sd_err_set(err, SD_DATAERR, _("no customer named %s"), t);
	free(t);
	return rc;
}

int
customer_each(store *st, const char *search, int (*fn)(const sd_customer *c, void *arg),
              void *arg, sd_err *err)
{
	static const char sql[] =
		"SELECT id, name, region, key_customer, address, contact, phone, version FROM customer "
		"WHERE ?1 IS NULL OR instr(lower(name), lower(?1)) > 0 ORDER BY name";
	sqlite3_stmt *q = store_prepare(st, sql, err);
	sd_customer *list = NULL;
	size_t n = 0;
	int rc, ret = SD_OK;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	if (search && *search)
		sqlite3_bind_text(q, 1, search, -1, SQLITE_STATIC);
	/* Collect first: fn may itself use the store. */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		read_customer(q, &list[n++]);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the customers"), err);
	for (size_t i = 0; i < n; i++) {
		if (ret == SD_OK)
			ret = fn(&list[i], arg);
		customer_free(&list[i]);
	}
	free(list);
	return ret;
}

/* ---------------------------------------------------------------- customer list */

void
customer_row_free(sd_customer_row *r)
{
	free(r->name);
	free(r->region);
	free(r->contact);
	free(r->phone);
	free(r->key);
	memset(r, 0, sizeof *r);
}

#define CUSTOMER_ROW_SQL \
	"SELECT c.id, c.name, c.region, c.contact, c.phone, c.key_customer, " \
	"(SELECT count(*) FROM equipment e WHERE e.customer_id = c.id) FROM customer c " \
	"WHERE (?1 IS NULL OR instr(lower(c.name), lower(?1)) > 0) "

int
customer_page(store *st, const char *search, enum sd_page_from from,
              const sd_customer_row *anchor, int limit, sd_customer_row *rows, int *n,
              sd_err *err)
{
	/* one statement per direction, so that each stays prepared */
	static const char *const sql[] = {
		[PAGE_FIRST] = CUSTOMER_ROW_SQL "ORDER BY c.name ASC LIMIT ?3",
		[PAGE_LAST] = CUSTOMER_ROW_SQL "ORDER BY c.name DESC LIMIT ?3",
		[PAGE_AFTER] = CUSTOMER_ROW_SQL "AND c.name > ?2 ORDER BY c.name ASC LIMIT ?3",
		[PAGE_BEFORE] = CUSTOMER_ROW_SQL "AND c.name < ?2 ORDER BY c.name DESC LIMIT ?3",
	};
	bool backward = from == PAGE_LAST || from == PAGE_BEFORE;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE, count = 0;

	*n = 0;
	sd_err_clear(err);
	if ((int)from < PAGE_FIRST || from > PAGE_BEFORE)
		return sd_err_set(err, SD_INTERNAL, "customer_page: bad direction");
	if ((from == PAGE_AFTER || from == PAGE_BEFORE) && (!anchor || !anchor->key))
		return sd_err_set(err, SD_INTERNAL, "customer_page: no anchor");
	if (limit <= 0)
		return SD_OK;
	if (!(q = store_prepare(st, sql[from], err)))
		return err ? err->status : SD_INTERNAL;
	if (search && *search)
		sqlite3_bind_text(q, 1, search, -1, SQLITE_STATIC);
	if (from == PAGE_AFTER || from == PAGE_BEFORE)
		sqlite3_bind_text(q, 2, anchor->key, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, limit);
	while (count < limit && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_customer_row *r = &rows[count++];

		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(q, 0);
		r->name = store_col_dup(q, 1);
		r->region = store_col_dup(q, 2);
		r->contact = store_col_dup(q, 3);
		r->phone = store_col_dup(q, 4);
		r->key_customer = sqlite3_column_int(q, 5) != 0;
		r->nequipment = sqlite3_column_int(q, 6);
		r->key = xstrdup(r->name ? r->name : "");
	}
	sqlite3_reset(q);
	if (count < limit && rc != SQLITE_DONE) {
		for (int i = 0; i < count; i++)
			customer_row_free(&rows[i]);
		return store_fail(st, rc, _("reading the customers"), err);
	}
	if (backward) {
		for (int i = 0, j = count - 1; i < j; i++, j--) {
			sd_customer_row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	}
	*n = count;
	return SD_OK;
}

void
customer_last_change(store *st, const char *table, const char *key, char *out, size_t size)
{
	char who[64], at[32];

	if (size > 0)
		out[0] = '\0';
	if (store_last_change(st, table, key, who, sizeof who, at, sizeof at))
		snprintf(out, size, "%s%s%s", who, text_sep_item(), at);
}

/* ---------------------------------------------------------------- equipment */

static const char equipment_json_sql[] =
	"SELECT json_object('serial', e.serial, 'customer', c.name, 'model', e.model, "
	"'delivered_on', e.delivered_on, 'accepted_on', e.accepted_on, "
	"'commissioned_on', e.commissioned_on, 'note', e.note, "
	"'warranty_months', e.warranty_months, 'warranty_from', e.warranty_from, "
	"'loan_unit', e.loan_unit) "
	"FROM equipment e JOIN customer c ON c.id = e.customer_id WHERE e.id = ?";

/* Check a date field: "" or a valid "YYYY-MM-DD"; *d gets it or SD_DATE_NONE. */
static int
check_date(const char *s, const char *field, sd_date *d, sd_err *err)
{
	*d = SD_DATE_NONE;
	if (!s[0])
		return SD_OK;
	if (!date_parse(s, d))
		return invalid(field, err, _("expected a date like 2026-11-24"));
	return valid_date_happened(*d, label(field), err);
}

/* A trimmed, checked copy of e in *out (free with equipment_free). */
static int
equipment_clean(const sd_equipment *e, sd_equipment *out, sd_err *err)
{
	sd_date delivered, accepted, commissioned;
	int rc;

	memset(out, 0, sizeof *out);
	out->serial = text_trim_or_null(e->serial);
	out->customer = text_trim_or_null(e->customer);
	out->model = text_trim_or_null(e->model);
	out->note = text_trim_or_null(e->note);
	valid_newlines_to_lf(out->note);
	/* the dates, trimmed */
	const char *src[3] = { e->delivered_on, e->accepted_on, e->commissioned_on };
	char *dst[3] = { out->delivered_on, out->accepted_on, out->commissioned_on };
	for (int i = 0; i < 3; i++) {
		char tmp[12];
		snprintf(tmp, sizeof tmp, "%.11s", src[i]);
		char *t = text_trim(tmp);
		snprintf(dst[i], 11, "%s", t);
		if (strlen(t) > 10)   /* too long to be a date: keep it invalid */
			snprintf(dst[i], 11, "%s", "?");
		free(t);
	}
	if (!out->serial)
		return invalid("serial", err, _("required"));
	if ((rc = check_text(out->serial, "serial", SD_TEXT_CODE, err)))
		return rc;
	if (!out->customer)
		return invalid("customer", err, _("required"));
	if ((rc = check_text(out->customer, "customer", SD_TEXT_NAME, err)) ||
	    (rc = check_text(out->model, "model", SD_TEXT_NAME, err)) ||
	    (rc = check_date(out->delivered_on, "delivered_on", &delivered, err)) ||
	    (rc = check_date(out->accepted_on, "accepted_on", &accepted, err)) ||
	    (rc = check_date(out->commissioned_on, "commissioned_on", &commissioned, err)) ||
	    (rc = check_text(out->note, "note", SD_TEXT_LONG, err)))
		return rc;
	out->warranty_months = e->warranty_months;
	out->warranty_from = e->warranty_from;
	out->loan_unit = e->loan_unit;
	if (e->warranty_months < 0 || e->warranty_months > 1200)
		return invalid("warranty_months", err, _("must be a number of months from 1 to 1200"));
	if (e->warranty_from < WARRANTY_FROM_EITHER || e->warranty_from > WARRANTY_FROM_ACCEPTED)
		return invalid("warranty_from", err, _("must be commissioned or accepted"));
	if (delivered != SD_DATE_NONE && accepted != SD_DATE_NONE && accepted < delivered)
		return invalid("accepted_on", err, _("earlier than the delivery date"));
	if (delivered != SD_DATE_NONE && commissioned != SD_DATE_NONE && commissioned < delivered)
		return invalid("commissioned_on", err, _("earlier than the delivery date"));
	return SD_OK;
}

/* The id of the equipment with serial: >0, 0 if none, -1 on error. */
static long long
equipment_id(store *st, const char *serial, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id FROM equipment WHERE serial = ?", err);
	long long id = 0;
	int rc;

	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, rc, _("reading the equipment"), err);
		return -1;
	}
	return id;
}

int
equipment_put(store *st, const sd_equipment *e, sd_err *err)
{
	sd_equipment v;
	sqlite3_stmt *q;
	char *old = NULL, *new = NULL;
	bool own_tx = false;
	long long id, cid;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_CUSTOMER_CHANGE, err)) != SD_OK)
		return rc;
	if ((rc = equipment_clean(e, &v, err)) != SD_OK) {
		equipment_free(&v);
		return rc;
	}
	if (!in_transaction(st)) {
		if ((rc = store_begin(st, err)) != SD_OK) {
			equipment_free(&v);
			return rc;
		}
		own_tx = true;
	}
	if ((cid = customer_id(st, v.customer, err)) < 0)
		goto fail;
	if (cid == 0) {
		char msg[512];
		snprintf(msg, sizeof msg, _("no customer named %s (add the customer first)"),
		         v.customer);
		invalid("customer", err, msg);
		goto fail;
	}
	if ((id = equipment_id(st, v.serial, err)) < 0)
		goto fail;
	if (id > 0) {
		if (check_version(st, "SELECT version FROM equipment WHERE id = ?", id, e->version,
		                  "equipment", v.serial, err) != SD_OK)
			goto fail;
		old = row_json(st, equipment_json_sql, id);
		q = store_prepare(st, "UPDATE equipment SET customer_id = ?2, model = ?3, "
		                      "delivered_on = ?4, accepted_on = ?5, commissioned_on = ?6, "
		                      "note = ?7, warranty_months = ?8, warranty_from = ?9, "
		                      "loan_unit = ?10, version = version + 1 WHERE id = ?1", err);
		if (!q)
			goto fail;
		sqlite3_bind_int64(q, 1, id);
	} else {
		q = store_prepare(st, "INSERT INTO equipment (serial, customer_id, model, "
		                      "delivered_on, accepted_on, commissioned_on, note, "
		                      "warranty_months, warranty_from, loan_unit) "
		                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
		if (!q)
			goto fail;
		sqlite3_bind_text(q, 1, v.serial, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(q, 2, cid);
	bind_opt(q, 3, v.model);
	bind_opt(q, 4, v.delivered_on);
	bind_opt(q, 5, v.accepted_on);
	bind_opt(q, 6, v.commissioned_on);
	bind_opt(q, 7, v.note);
	if (v.warranty_months > 0)
		sqlite3_bind_int(q, 8, v.warranty_months);
	else
		sqlite3_bind_null(q, 8);
	if (v.warranty_from != WARRANTY_FROM_EITHER)
		sqlite3_bind_text(q, 9, warranty_from_code(v.warranty_from), -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, 9);
	sqlite3_bind_int(q, 10, v.loan_unit ? 1 : 0);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, _("saving equipment"), err);
		goto fail;
	}
	if (id == 0)
		id = sqlite3_last_insert_rowid(store_db(st));
	new = row_json(st, equipment_json_sql, id);
	if (!same(old, new) &&
	    store_audit(st, "equipment", v.serial, old ? "update" : "insert", old, new, err) != SD_OK)
		goto fail;
	if (own_tx && (rc = store_commit(st, err)) != SD_OK)
		goto out;
	rc = SD_OK;
	goto out;
fail:
	if (own_tx)
		store_rollback(st);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(old);
	free(new);
	equipment_free(&v);
	return rc;
}

#define EQUIPMENT_COLS \
	"SELECT e.id, c.name, e.serial, e.model, e.delivered_on, e.accepted_on, " \
	"e.commissioned_on, e.note, e.version, e.warranty_months, e.warranty_from, e.loan_unit " \
	"FROM equipment e JOIN customer c ON c.id = e.customer_id "

static void
read_equipment(sqlite3_stmt *q, sd_equipment *out)
{
	out->id = sqlite3_column_int64(q, 0);
	out->customer = store_col_dup(q, 1);
	out->serial = store_col_dup(q, 2);
	out->model = store_col_dup(q, 3);
	col_date(q, 4, out->delivered_on);
	col_date(q, 5, out->accepted_on);
	col_date(q, 6, out->commissioned_on);
	out->note = store_col_dup(q, 7);
	out->version = sqlite3_column_int(q, 8);
	out->warranty_months = sqlite3_column_int(q, 9);
	out->warranty_from = warranty_from_parse((const char *)sqlite3_column_text(q, 10));
	if (out->warranty_from < 0)
		out->warranty_from = WARRANTY_FROM_EITHER;
	out->loan_unit = sqlite3_column_int(q, 11) != 0;
}

int
equipment_get(store *st, const char *serial, sd_equipment *out, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, EQUIPMENT_COLS "WHERE e.serial = ?", err);
	char *t;
	int rc;

	memset(out, 0, sizeof *out);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	t = text_trim(serial ? serial : "");
	sqlite3_bind_text(q, 1, t, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_equipment(q, out);
		sqlite3_reset(q);
		free(t);
		return SD_OK;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(t);
		return store_fail(st, rc, _("reading the equipment"), err);
	}
	rc = sd_err_set(err, SD_DATAERR, _("no equipment with serial number %s"), t);
	free(t);
	return rc;
}

int
equipment_each(store *st, const char *customer, int (*fn)(const sd_equipment *e, void *arg),
               void *arg, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, EQUIPMENT_COLS
	                                "WHERE ?1 IS NULL OR c.name = ?1 ORDER BY e.serial", err);
	sd_equipment *list = NULL;
	size_t n = 0;
	int rc, ret = SD_OK;
	char *t = NULL;

	if (!q)
		return err ? err->status : SD_INTERNAL;
	if (customer) {
		t = text_trim(customer);
		sqlite3_bind_text(q, 1, t, -1, SQLITE_TRANSIENT);
		free(t);
	}
	/* Collect first: fn may itself use the store. */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		read_equipment(q, &list[n++]);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the equipment"), err);
	for (size_t i = 0; i < n; i++) {
		if (ret == SD_OK)
			ret = fn(&list[i], arg);
		equipment_free(&list[i]);
	}
	free(list);
	return ret;
}

/* ---------------------------------------------------------------- downtime */

/*
 * Downtime lies within the equipment's life: from its commissioning (or,
 * not commissioned, its delivery or acceptance) on.
 */
static int
downtime_in_life(store *st, long long id, sd_date from, sd_err *err)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT commissioned_on, delivered_on, accepted_on "
	                                "FROM equipment WHERE id = ?", err);
	static const char *what[] = {
		N_("the equipment was commissioned"), N_("the equipment was delivered"),
		N_("the equipment was accepted"),
	};
	int rc = SD_OK;

	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return store_fail(st, rc, _("reading equipment"), err);
	}
	rc = SD_OK;
	for (int i = 0; i < 3; i++) {
		const char *s = (const char *)sqlite3_column_text(q, i);
		sd_date d;
		char fs[11];

		if (!s || !date_parse(s, &d))
			continue;
		if (from < d) {
			date_format(from, fs);
			/* TRANSLATORS: field, the date given, the earlier event, its date. */
			rc = sd_err_set(err, SD_DATAERR, _("%s: %s is before %s (%s)"), label("from"), fs,
			                _(what[i]), s);
		}
		break;
	}
	sqlite3_reset(q);
	return rc;
}

int
equipment_add_downtime(store *st, const char *serial, const char *from, const char *to,
                       const char *reason, sd_err *err)
{
	sd_date f, t;
	char *why = NULL, *key = NULL, *new = NULL;
	char fs[11], ts[11];
	sqlite3_stmt *q;
	bool own_tx = false;
	long long id, did;
	int rc;

	sd_err_clear(err);
	if ((rc = staff_permit_self(st, ACT_CUSTOMER_CHANGE, err)) != SD_OK)
		return rc;
	why = text_trim_or_null(reason);
	key = text_trim_or_null(serial);
	if (!from || !date_parse(from, &f)) {
		rc = invalid("from", err, _("expected a date like 2026-11-24"));
		goto out;
	}
	if (!to || !date_parse(to, &t)) {
		rc = invalid("to", err, _("expected a date like 2026-11-24"));
		goto out;
	}
	if (t < f) {
		rc = invalid("to", err, _("earlier than the first day of the downtime"));
		goto out;
	}
	if ((rc = valid_date_happened(f, label("from"), err)) != SD_OK ||
	    (rc = valid_date_happened(t, label("to"), err)) != SD_OK)
		goto out;
	if (!why) {
		rc = invalid("reason", err, _("required"));
		goto out;
	}
	if ((rc = check_text(why, "reason", SD_TEXT_LINE, err)) != SD_OK)
		goto out;
	if (!key) {
		rc = invalid("serial", err, _("required"));
		goto out;
	}
	date_format(f, fs);
	date_format(t, ts);
	if (!in_transaction(st)) {
		if ((rc = store_begin(st, err)) != SD_OK)
			goto out;
		own_tx = true;
	}
	if ((id = equipment_id(st, key, err)) < 0)
		goto fail;
	if (id == 0) {
		sd_err_set(err, SD_DATAERR, _("no equipment with serial number %s"), key);
		goto fail;
	}
	/* Downtime extends the warranty only during it: a span wholly outside is refused. */
	{
		warranty_status ws;
		char day[11], msg[256];

		if (equipment_warranty(st, key, f, &ws, NULL, err) != SD_OK)
			goto fail;
		if (ws.start != SD_DATE_NONE && t < ws.start) {
			date_format(ws.start, day);
			/* TRANSLATORS: the warranty's first day. */
			snprintf(msg, sizeof msg, _("before the warranty began on %s: downtime outside the "
			                            "warranty does not extend it"), day);
			invalid("to", err, msg);
			goto fail;
		}
		if (ws.end != SD_DATE_NONE && f > ws.end) {
			date_format(ws.end, day);
			/* TRANSLATORS: the warranty's last day (as extended by downtime). */
			snprintf(msg, sizeof msg, _("after the warranty ended on %s: downtime outside the "
			                            "warranty does not extend it"), day);
			invalid("from", err, msg);
			goto fail;
		}
	}
	if (downtime_in_life(st, id, f, err) != SD_OK)
		goto fail;
	q = store_prepare(st, "INSERT INTO downtime (equipment_id, from_on, to_on, reason) "
	                      "VALUES (?, ?, ?, ?)", err);
	if (!q)
		goto fail;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, fs, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, why, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, _("saving downtime"), err);
		goto fail;
	}
	did = sqlite3_last_insert_rowid(store_db(st));
	new = row_json(st, "SELECT json_object('serial', e.serial, 'from', d.from_on, 'to', d.to_on, "
	                   "'reason', d.reason) FROM downtime d JOIN equipment e "
	                   "ON e.id = d.equipment_id WHERE d.id = ?", did);
	if (store_audit(st, "downtime", key, "insert", NULL, new, err) != SD_OK)
		goto fail;
	if (own_tx && (rc = store_commit(st, err)) != SD_OK)
		goto out;
	rc = SD_OK;
	goto out;
fail:
	if (own_tx)
		store_rollback(st);
	rc = err && err->status ? err->status : SD_INTERNAL;
out:
	free(new);
	free(why);
	free(key);
	return rc;
}

int
equipment_downtime_each(store *st, const char *serial,
                        int (*fn)(const sd_downtime *d, void *arg), void *arg, sd_err *err)
{
	sqlite3_stmt *q;
	sd_downtime *list = NULL;
	char *key = text_trim_or_null(serial);
	size_t n = 0;
	long long id;
	int rc, ret = SD_OK;

	sd_err_clear(err);
	if (!key)
		return invalid("serial", err, _("required"));
	if ((id = equipment_id(st, key, err)) < 0) {
		free(key);
		return err && err->status ? err->status : SD_INTERNAL;
	}
	if (id == 0) {
		rc = sd_err_set(err, SD_DATAERR, _("no equipment with serial number %s"), key);
		free(key);
		return rc;
	}
	free(key);
	q = store_prepare(st, "SELECT id, from_on, to_on, reason FROM downtime "
	                      "WHERE equipment_id = ? ORDER BY from_on, to_on, id", err);
	if (!q)
		return err ? err->status : SD_INTERNAL;
	sqlite3_bind_int64(q, 1, id);
	/* Collect first: fn may itself use the store. */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		list = xrealloc(list, (n + 1) * sizeof *list);
		list[n].id = sqlite3_column_int64(q, 0);
		col_date(q, 1, list[n].from_on);
		col_date(q, 2, list[n].to_on);
		list[n].reason = store_col_dup(q, 3);
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		ret = store_fail(st, rc, _("reading the downtime"), err);
	for (size_t i = 0; i < n; i++) {
		if (ret == SD_OK)
			ret = fn(&list[i], arg);
		free(list[i].reason);
	}
	free(list);
	return ret;
}

/* ---------------------------------------------------------------- warranty */

void
equipment_terms(store *st, warranty_terms *t)
{
	static const struct {
		const char *key;
		long max;
	} keys[] = {
		{ "warranty.commission_months", 1200 },
		{ "warranty.acceptance_months", 1200 },
		{ "warranty.tier1_years", 100 },
		{ "warranty.tier2_years", 100 },
	};
	int *dst[] = {
		&t->commission_months, &t->acceptance_months,
		&t->tier_years[TIER_1], &t->tier_years[TIER_2],
	};

	warranty_default_terms(t);
	if (!st)
		return;
	for (size_t i = 0; i < SD_ARRAY_LEN(keys); i++) {
		long v = store_setting_int(st, keys[i].key, -1);
		/* a setting that is not a sensible number leaves the default */
		if (v >= 0 && v <= keys[i].max)
			*dst[i] = (int)v;
	}
}

int
equipment_warranty(store *st, const char *serial, sd_date on, warranty_status *out,
                   buf *explain, sd_err *err)
{
	sd_equipment e;
	warranty_terms terms;
	warranty_equipment we;
	warranty_downtime *dt = NULL;
	size_t n = 0;
	sqlite3_stmt *q;
	int rc;

	memset(out, 0, sizeof *out);
	out->end = SD_DATE_NONE;
	out->tier_end = SD_DATE_NONE;
	if ((rc = equipment_get(st, serial, &e, err)) != SD_OK)
		return rc;
	q = store_prepare(st, "SELECT from_on, to_on, reason FROM downtime WHERE equipment_id = ? "
	                      "ORDER BY from_on, to_on, id", err);
	if (!q) {
		equipment_free(&e);
		return err ? err->status : SD_INTERNAL;
	}
	sqlite3_bind_int64(q, 1, e.id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sd_date f, t;
		const char *fs = (const char *)sqlite3_column_text(q, 0);
		const char *ts = (const char *)sqlite3_column_text(q, 1);
		const char *why = (const char *)sqlite3_column_text(q, 2);

		if (!fs || !ts || !date_parse(fs, &f) || !date_parse(ts, &t))
			continue;
		dt = xrealloc(dt, (n + 1) * sizeof *dt);
		dt[n].from = f;
		dt[n].to = t;
		n++;
		if (explain)
			/* TRANSLATORS: first day, last day, number of days, reason. */
			buf_printf(explain, _("downtime recorded %s..%s (%d days): %s\n"), fs, ts,
			           (int)(t - f + 1), why ? why : "");
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(dt);
		equipment_free(&e);
		return store_fail(st, rc, _("reading the downtime"), err);
	}
	equipment_terms(st, &terms);
	we.commissioned = SD_DATE_NONE;
	we.accepted = SD_DATE_NONE;
	if (e.commissioned_on[0])
		date_parse(e.commissioned_on, &we.commissioned);
	if (e.accepted_on[0])
		date_parse(e.accepted_on, &we.accepted);
	we.downtime = dt;
	we.ndowntime = n;
	we.months = e.warranty_months;
	we.from = e.warranty_from;
	warranty_status_on(&terms, &we, on, out, explain);
	free(dt);
	equipment_free(&e);
	return SD_OK;
}
