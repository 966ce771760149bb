/*
 * customer.h — customers and their equipment (设备档案): the after-sales
 * ledger's master data, with downtime records and the warranty of each piece
 * of equipment on any date.
 *
 * Customers are identified by name (the name the intake register records);
 * equipment by serial number. Every change is one transaction with an audit
 * row.
 *
 * Self-contained; no curses.
 */
#ifndef SERVDESK_CUSTOMER_H
#define SERVDESK_CUSTOMER_H

#include <stdbool.h>
#include <stdio.h>
#include "buf.h"
#include "common.h"
#include "datetime.h"
#include "enc.h"
#include "intake.h"
#include "store.h"
#include "warranty.h"

typedef struct sd_customer {
	long long id;
	char *name;          /* organisation (required, unique) */
	char *region;        /* region for the service-level policy (e.g. 市区, 外地) */
	bool key_customer;   /* key customer (重点客户) */
	char *address;
	char *contact;
	char *phone;
	int version;         /* as read; 0 = no check when saving */
} sd_customer;

void customer_free(sd_customer *c);

/*
 * Add a customer, or update the one with the same name. SD_DATAERR with the
 * field on bad input. With c->version > 0, an update of a customer whose
 * stored version differs (changed meanwhile) is refused with SD_DATAERR
 * naming who changed it; every update bumps the version.
 */
int customer_put(store *st, const sd_customer *c, sd_err *err);
/* Look up by name; SD_DATAERR "no customer named ..." if none. */
int customer_get(store *st, const char *name, sd_customer *out, sd_err *err);
/* Every customer whose name contains search (NULL: all), by name. */
int customer_each(store *st, const char *search, int (*fn)(const sd_customer *c, void *arg),
                  void *arg, sd_err *err);

/* One row of the customer list (the desk's pane). Strings are malloc'd or NULL. */
typedef struct sd_customer_row {
	long long id;
	char *name;
	char *region;
	char *contact;
	char *phone;
	bool key_customer;
	int nequipment;       /* pieces of equipment on record */
	char *key;            /* paging key (opaque to callers), malloc'd */
} sd_customer_row;

void customer_row_free(sd_customer_row *r);

/*
 * A page of the customer list in order of name (byte order of the UTF-8
 * text), as intake_page: up to limit rows relative to anchor (a row
 * previously returned, for PAGE_AFTER/PAGE_BEFORE), in list order, by keyset
 * paging over the name index (never the whole table, except that a search
 * walks the index until the page is full). search (NULL or "": all) keeps
 * the names containing it (ASCII letters in any case). Fills rows[0..*n).
 * Returns SD_OK, or SD_INTERNAL with err->msg "interrupted" if the interrupt
 * callback (store_set_interrupt) cancelled the query.
 */
int customer_page(store *st, const char *search, enum sd_page_from from,
                  const sd_customer_row *anchor, int limit, sd_customer_row *rows, int *n,
                  sd_err *err);

/*
 * "who, YYYY-MM-DD HH:MM" of the last audited change of a row of table
 * ("customer", "equipment", "downtime") with key (name or serial) into out,
 * or "" if none is recorded.
 */
void customer_last_change(store *st, const char *table, const char *key, char *out,
                          size_t size);

typedef struct sd_equipment {
	long long id;
	char *customer;           /* customer name (must exist) */
	char *serial;             /* serial number (required, unique) */
	char *model;
	char delivered_on[11];    /* "YYYY-MM-DD" or "" */
	char accepted_on[11];     /* arrival acceptance (到货预验收) */
	char commissioned_on[11]; /* commissioning (开车正常运行 / 安装调试验收) */
	char *note;
	int warranty_months;      /* the equipment's own warranty months; 0: the global settings */
	int warranty_from;        /* enum sd_warranty_from: the dates the warranty counts from */
	int version;              /* as read; 0 = no check when saving */
	bool loan_unit;           /* a loan unit (备用机) the department lends (repair.h) */
} sd_equipment;

void equipment_free(sd_equipment *e);

/*
 * Add or update (by serial). Dates are checked; the customer must exist;
 * warranty_months is 0 (the global settings) or 1..1200.
 * e->version works as c->version does for customer_put.
 */
int equipment_put(store *st, const sd_equipment *e, sd_err *err);
int equipment_get(store *st, const char *serial, sd_equipment *out, sd_err *err);
/* Equipment of one customer (NULL: all), by serial. */
int equipment_each(store *st, const char *customer, int (*fn)(const sd_equipment *e, void *arg),
                   void *arg, sd_err *err);

/* Record a downtime span (inclusive dates, from <= to) with its reason. */
int equipment_add_downtime(store *st, const char *serial, const char *from, const char *to,
                           const char *reason, sd_err *err);

/* One downtime record (停用记录). */
typedef struct sd_downtime {
	long long id;
	char from_on[11];     /* "YYYY-MM-DD" (inclusive) */
	char to_on[11];       /* "YYYY-MM-DD" (inclusive) */
	char *reason;         /* may be NULL */
} sd_downtime;

/*
 * Call fn for each downtime record of the equipment with serial, by first
 * day (then last day, then order of entry). Stops on fn's non-zero return
 * and returns it. SD_DATAERR "no equipment with serial number ..." if the
 * serial is unknown.
 */
int equipment_downtime_each(store *st, const char *serial,
                            int (*fn)(const sd_downtime *d, void *arg), void *arg,
                            sd_err *err);

/*
 * The warranty terms in force: the defaults (warranty_default_terms) with any
 * site settings applied: warranty.commission_months, warranty.acceptance_months,
 * warranty.tier1_years, warranty.tier2_years.
 */
void equipment_terms(store *st, warranty_terms *t);

/*
 * The warranty status of the equipment with this serial on date on (with
 * the reasoning appended to explain if not NULL). SD_DATAERR if unknown serial.
 */
int equipment_warranty(store *st, const char *serial, sd_date on, warranty_status *out,
                       buf *explain, sd_err *err);

/*
 * CSV import/export of customers and of equipment, as for requests
 * (intake_csv.h): UTF-8 or GB18030, headers in English codes or Chinese
 * titles, one transaction, errors naming file, line and field.
 * Customers: name, region, key_customer, address, contact, phone
 *   (客户/客户名称, 区域/地区, 重点客户, 地址, 联系人, 电话/联系电话).
 * Equipment: serial, customer, model, delivered_on, accepted_on,
 *   commissioned_on, note (设备序列号/序列号, 客户, 型号, 发货日期/交货日期,
 *   到货验收日期/验收日期, 调试日期/投运日期, 备注).
 * key_customer accepts 1/0, yes/no, 是/否.
 */
int customer_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err);
int customer_export(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err);
int equipment_import(store *st, const char *path, sd_encoding enc, long *count, sd_err *err);
int equipment_export(store *st, FILE *out, sd_encoding enc, long *count, sd_err *err);

#endif
