/*
 * customer_csv.c — CSV import and export of customers and of equipment.
 *
 * As for requests (intake_csv.c), csvtab.c reads the whole file, converts it
 * to UTF-8 and maps the header row to the columns below by name (English
 * codes or the Chinese titles listed in customer.h; unknown or duplicate
 * columns are refused); every row is saved inside one transaction, so that a
 * file is taken in whole or not at all. Errors read "FILE: line L, field F:
 * problem".
 *
 * A row whose customer (by name) or equipment (by serial number) is already
 * in the database updates it; columns the file does not have keep their
 * current values. A name or serial number may appear only once in a file.
 * Equipment must name a customer that is in the database.
 *
 * Export writes every record in the order of its key (name, serial number)
 * with the English header, as RFC 4180 records (csvtab.c's writer), in UTF-8
 * with a BOM or in GB18030. Exporting, importing into an empty database (customers
 * before equipment) and exporting again gives the same bytes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvtab.h"
#include "customer.h"
#include "store.h"
#include "text.h"
#include "staff.h"

enum { CC_NAME, CC_REGION, CC_KEY, CC_ADDRESS, CC_CONTACT, CC_PHONE, CC_COUNT };
static const csvtab_column customer_columns[] = {
	[CC_NAME]    = { "name",         { "客户", "客户名称" }, true, N_("name") },
	[CC_REGION]  = { "region",       { "区域", "地区" }, false, N_("region") },
	[CC_KEY]     = { "key_customer", { "重点客户" }, false, NULL },
	[CC_ADDRESS] = { "address",      { "地址" }, false, N_("address") },
	[CC_CONTACT] = { "contact",      { "联系人" }, false, N_("contact") },
	[CC_PHONE]   = { "phone",        { "电话", "联系电话" }, false, N_("phone") },
	{ NULL, { NULL }, false, NULL }
};

enum { EC_SERIAL, EC_CUSTOMER, EC_MODEL, EC_DELIVERED, EC_ACCEPTED, EC_COMMISSIONED, EC_NOTE,
       EC_COUNT };
static const csvtab_column equipment_columns[] = {
	[EC_SERIAL]       = { "serial",          { "设备序列号", "序列号" }, true, N_("serial number") },
	[EC_CUSTOMER]     = { "customer",        { "客户" }, true, N_("customer") },
	[EC_MODEL]        = { "model",           { "型号" }, false, N_("model") },
	[EC_DELIVERED]    = { "delivered_on",    { "发货日期", "交货日期" }, false, N_("delivered on") },
	[EC_ACCEPTED]     = { "accepted_on",     { "到货验收日期", "验收日期" }, false, N_("accepted on") },
	[EC_COMMISSIONED] = { "commissioned_on", { "调试日期", "投运日期" }, false, N_("commissioned on") },
	[EC_NOTE]         = { "note",            { "备注" }, false, N_("note") },
	{ NULL, { NULL }, false, NULL }
};

/* ---------------------------------------------------------------- rows */

static int
customer_row(store *st, const csvtab_layout *l, csvtab_seen *seen, const char *path, long line,
             char **f, sd_err *err)
{
	sd_customer c;
	sd_err verr;
	char *key = csvtab_trimmed(l, f, CC_NAME);
	const char *v;
	int rc;

	if ((rc = csvtab_key_once(l, seen, path, line, CC_NAME, key, err)) != SD_OK) {
		free(key);
		return rc;
	}
	/* start from the customer as stored, if it is */
	sd_err_clear(&verr);
	if (!*key || customer_get(st, key, &c, &verr) != SD_OK)
		memset(&c, 0, sizeof c);
	free(c.name);
	c.name = key;
	csvtab_take(&c.region, csvtab_value(l, f, CC_REGION));
	csvtab_take(&c.address, csvtab_value(l, f, CC_ADDRESS));
	csvtab_take(&c.contact, csvtab_value(l, f, CC_CONTACT));
	csvtab_take(&c.phone, csvtab_value(l, f, CC_PHONE));
	if ((v = csvtab_value(l, f, CC_KEY))) {
		int k = csvtab_parse_flag(v, 0);     /* empty is no */
		if (k < 0) {
			customer_free(&c);
			return csvtab_row_error(l, path, line, CC_KEY,
			                        _("must be 1 or 0 (yes or no, 是 or 否)"), err);
		}
		c.key_customer = k == 1;
	}
	rc = customer_put(st, &c, &verr);
	customer_free(&c);
	if (rc != SD_OK)
		return csvtab_core_error(l, path, line, rc, &verr, err);
	return SD_OK;
}

/* Copy a date cell into a date field; false if it cannot be a date (too long). */
static bool
take_date(char dst[11], const char *v)
{
	char *t;
	bool ok;

	if (!v)
		return true;
	t = text_trim(v);
	ok = strlen(t) <= 10;
	snprintf(dst, 11, "%s", ok ? t : "");
	free(t);
	return ok;
}

static int
equipment_row(store *st, const csvtab_layout *l, csvtab_seen *seen, const char *path, long line,
              char **f, sd_err *err)
{
	static const int dates[] = { EC_DELIVERED, EC_ACCEPTED, EC_COMMISSIONED };
	sd_equipment e;
	sd_err verr;
	char *key = csvtab_trimmed(l, f, EC_SERIAL);
	int rc;

	if ((rc = csvtab_key_once(l, seen, path, line, EC_SERIAL, key, err)) != SD_OK) {
		free(key);
		return rc;
	}
	sd_err_clear(&verr);
	if (!*key || equipment_get(st, key, &e, &verr) != SD_OK)
		memset(&e, 0, sizeof e);
	free(e.serial);
	e.serial = key;
	csvtab_take(&e.customer, csvtab_value(l, f, EC_CUSTOMER));
	csvtab_take(&e.model, csvtab_value(l, f, EC_MODEL));
	csvtab_take(&e.note, csvtab_value(l, f, EC_NOTE));
	char *dst[] = { e.delivered_on, e.accepted_on, e.commissioned_on };
	for (size_t i = 0; i < SD_ARRAY_LEN(dates); i++)
		if (!take_date(dst[i], csvtab_value(l, f, dates[i]))) {
			equipment_free(&e);
			return csvtab_row_error(l, path, line, dates[i],
			                        _("expected a date like 2026-11-24"), err);
		}
	rc = equipment_put(st, &e, &verr);
	equipment_free(&e);
	if (rc != SD_OK)
		return csvtab_core_error(l, path, line, rc, &verr, err);
	return SD_OK;
}

typedef int (*row_fn)(store *, const csvtab_layout *, csvtab_seen *, const char *, long,
                      char **, sd_err *);

/* Import path against cols, saving each record with row, all in one transaction. */
static int
import_file(store *st, const char *path, sd_encoding enc, const csvtab_column *cols, row_fn row,
            long *count, sd_err *err)
{
	csvtab_file cf;
	csvtab_seen seen = { 0 };
	char **f;
	long rows = 0, line;
	int rc, got;
	bool in_tx = false;

	sd_err_clear(err);
	if (count)
		*count = 0;
	if ((rc = csvtab_open(&cf, path, enc, cols, NULL, err)) != SD_OK)
		return rc;

	if ((rc = store_begin(st, err)) != SD_OK)
		goto out;
	in_tx = true;
	while ((got = csvtab_next(&cf, &f, &line, err)) == 1) {
		if ((rc = row(st, &cf.l, &seen, path, line, f, err)) != SD_OK)
			goto out;
		rows++;
	}
	if (got < 0) {
		rc = err->status;
		goto out;
	}
	in_tx = false;
	if ((rc = store_commit(st, err)) != SD_OK)
		goto out;
	if (count)
		*count = rows;
	rc = SD_OK;
out:
	if (in_tx)
		store_rollback(st);
	csvtab_seen_free(&seen);
	csvtab_close(&cf);
	return rc;
}

int
customer_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_CUSTOMER_CHANGE, err);

	return rc != SD_OK ? rc : import_file(st, path, enc, customer_columns, customer_row, count, err);
}

int
equipment_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err)
{
	int rc = staff_permit_self(st, ACT_CUSTOMER_CHANGE, err);

	return rc != SD_OK ? rc : import_file(st, path, enc, equipment_columns, equipment_row, count, err);
}

/* ---------------------------------------------------------------- export */

static int
export_customer(const sd_customer *c, void *arg)
{
	csvtab_writer *w = arg;
	const char *v[CC_COUNT];

	v[CC_NAME] = c->name;
	v[CC_REGION] = c->region;
	v[CC_KEY] = c->key_customer ? "1" : "0";
	v[CC_ADDRESS] = c->address;
	v[CC_CONTACT] = c->contact;
	v[CC_PHONE] = c->phone;
	csvtab_put_record(w, v, CC_COUNT);
	return csvtab_row_done(w);
}

static int
export_equipment(const sd_equipment *e, void *arg)
{
	csvtab_writer *w = arg;
	const char *v[EC_COUNT];

	v[EC_SERIAL] = e->serial;
	v[EC_CUSTOMER] = e->customer;
	v[EC_MODEL] = e->model;
	v[EC_DELIVERED] = e->delivered_on;
	v[EC_ACCEPTED] = e->accepted_on;
	v[EC_COMMISSIONED] = e->commissioned_on;
	v[EC_NOTE] = e->note;
	csvtab_put_record(w, v, EC_COUNT);
	return csvtab_row_done(w);
}

int
customer_export(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	csvtab_writer w;

	csvtab_writer_start(&w, out, enc, count, err);
	csvtab_put_header(&w, customer_columns, NULL, 0);
	return csvtab_writer_end(&w, customer_each(st, NULL, export_customer, &w, err), count);
}

int
equipment_export(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err)
{
	csvtab_writer w;

	csvtab_writer_start(&w, out, enc, count, err);
	csvtab_put_header(&w, equipment_columns, NULL, 0);
	return csvtab_writer_end(&w, equipment_each(st, NULL, export_equipment, &w, err), count);
}
