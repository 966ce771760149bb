/*
 * cli_customer.c — the customer and equipment commands: customer add, list,
 * show; equipment add, list, show, warranty, downtime.
 *
 * Reading is open to anyone; changes need ACT_CUSTOMER_CHANGE.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "common.h"
#include "csv.h"
#include "customer.h"
#include "datetime.h"
#include "history.h"
#include "json.h"
#include "out.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "warranty.h"

enum {
	OPT_REGION = 1, OPT_KEY, OPT_NO_KEY, OPT_ADDRESS, OPT_CONTACT, OPT_PHONE,
	OPT_SEARCH, OPT_FORMAT, OPT_CUSTOMER, OPT_MODEL, OPT_DELIVERED, OPT_ACCEPTED,
	OPT_COMMISSIONED, OPT_NOTE, OPT_ON, OPT_FROM, OPT_TO, OPT_REASON,
	OPT_WARRANTY_MONTHS, OPT_WARRANTY_FROM,
	OPT_LOAN_UNIT
};

/* Check a date option: "" (clears) or YYYY-MM-DD. SD_OK or SD_USAGE (printed). */
static int
date_opt(const char *cmd, const char *v, char out[11])
{
	sd_date d;

	if (!*v) {
		out[0] = '\0';
		return SD_OK;
	}
	if (!date_parse(v, &d))
		return cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD)"), v);
	date_format(d, out);
	return SD_OK;
}

/* Print what has been put together, then flush: SD_OK or the failure (printed). */
static int
finish(cli *c, buf *b, bool raw)
{
	int rc = raw ? out_raw(stdout, buf_str(b), b->len) : out_write(stdout, buf_str(b), b->len);

	return cli_finish_output(c, rc);
}

static void
json_opt_date(sd_json *j, const char *key, sd_date d)
{
	char s[11];

	if (d == SD_DATE_NONE) {
		json_kstr(j, key, NULL);
		return;
	}
	date_format(d, s);
	json_kstr(j, key, s);
}

/* ---------------------------------------------------------------- customers */

/* The members of a customer's JSON object (the caller opens and closes it). */
static void
customer_members(sd_json *j, const sd_customer *c)
{
	json_kstr(j, "name", c->name);
	json_kstr(j, "region", c->region);
	json_kbool(j, "key_customer", c->key_customer);
	json_kstr(j, "address", c->address);
	json_kstr(j, "contact", c->contact);
	json_kstr(j, "phone", c->phone);
}

static const char *const customer_csv_heads[] = {
	"name", "region", "key_customer", "address", "contact", "phone"
};

static void
customer_csv(buf *b, const sd_customer *c)
{
	const char *cells[6] = {
		c->name, c->region ? c->region : "", c->key_customer ? "1" : "0",
		c->address ? c->address : "", c->contact ? c->contact : "", c->phone ? c->phone : ""
	};
	csv_put_record(b, cells, 6);
}

static int
cust_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "region", 0, true, false, OPT_REGION },
		{ "key", 0, false, false, OPT_KEY },
		{ "no-key", 0, false, false, OPT_NO_KEY },
		{ "address", 0, true, false, OPT_ADDRESS },
		{ "contact", 0, true, false, OPT_CONTACT },
		{ "phone", 0, true, false, OPT_PHONE },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "customer add";
	sd_customer cu;
	sd_err e;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk customer add NAME [--region R] [--key|--no-key]\n"
"         [--address A] [--contact NAME] [--phone TEL]\n"
"Add a customer, or update the customer with this name: options not given\n"
"keep their values; an empty value clears the field.\n"
"\n"
"  --region    region for the service-level policy (e.g. 市区, 外地)\n"
"  --key       a key customer (重点客户); --no-key: not one\n"
"  --address   address\n"
"  --contact   contact person\n"
"  --phone     contact phone\n"));
	}
	if (a.npos != 1) {
		cli_args_free(&a);
		return cli_usage(cmd, "%s", _("one NAME expected"));
	}
	memset(&cu, 0, sizeof cu);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = cli_require(c, ACT_CUSTOMER_CHANGE, cmd)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	/* start from the stored customer, if there is one */
	if (customer_get(c->st, a.pos[0], &cu, &e) != SD_OK)
		cu.name = xstrdup(a.pos[0]);
	for (int i = 0; i < a.nopt; i++) {
		const char *v = a.opt[i].val;

		switch (a.opt[i].id) {
		case OPT_REGION:  cli_set_text(&cu.region, v); break;
		case OPT_KEY:     cu.key_customer = true; break;
		case OPT_NO_KEY:  cu.key_customer = false; break;
		case OPT_ADDRESS: cli_set_text(&cu.address, v); break;
		case OPT_CONTACT: cli_set_text(&cu.contact, v); break;
		case OPT_PHONE:   cli_set_text(&cu.phone, v); break;
		default: break;
		}
	}
	if ((rc = customer_put(c->st, &cu, &c->err)) != SD_OK)
		rc = cli_fail(c);
out:
	customer_free(&cu);
	cli_args_free(&a);
	return rc;
}

static int
cust_row(const sd_customer *cu, void *arg)
{
	cli_list *o = arg;

	if (o->fmt == FMT_TABLE) {
		const char *cells[6] = {
			cu->name, cu->region, cu->key_customer ? _("yes") : "", cu->contact,
			cu->phone, cu->address
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		customer_csv(&o->b, cu);
	} else {
		json_obj(&o->j);
		customer_members(&o->j, cu);
		json_end(&o->j);
	}
	o->n++;
	return 0;
}

static int
cust_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "search", 0, true, false, OPT_SEARCH },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "customer list";
	cli_list o = { 0 };
	out_table *t = NULL;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk customer list [--search TEXT] [--format table|csv|json]\n"
"List the customers by name.\n"
"\n"
"  --search   only customers whose name contains TEXT\n"
"  --format   table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[6] = {
			_("Customer"), _("Region"), _("Key"), _("Contact"), _("Phone"), _("Address")
		};
		static const int caps[6] = { 32, 10, 0, 12, 16, 40 };
		t = out_table_new(6, heads, caps);
	}
	cli_list_begin(&o, t, customer_csv_heads, SD_ARRAY_LEN(customer_csv_heads));
	rc = customer_each(c->st, cli_opt_get(&a, OPT_SEARCH), cust_row, &o, &c->err);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- equipment records */

/* The warranty of e today, in *w (unknown when it cannot be computed). */
static void
warranty_today(cli *c, const sd_equipment *e, warranty_status *w)
{
	sd_err e2;

	if (equipment_warranty(c->st, e->serial, store_today(), w, NULL, &e2) != SD_OK) {
		memset(w, 0, sizeof *w);
		w->end = SD_DATE_NONE;
		w->tier_end = SD_DATE_NONE;
	}
}

/* The members of a piece of equipment's JSON object (the caller opens and closes it). */
static void
equipment_members(sd_json *j, const sd_equipment *e, const warranty_status *w)
{
	json_kstr(j, "serial", e->serial);
	json_kstr(j, "customer", e->customer);
	json_kstr(j, "model", e->model);
	json_kstr(j, "delivered_on", e->delivered_on[0] ? e->delivered_on : NULL);
	json_kstr(j, "accepted_on", e->accepted_on[0] ? e->accepted_on : NULL);
	json_kstr(j, "commissioned_on", e->commissioned_on[0] ? e->commissioned_on : NULL);
	json_kstr(j, "note", e->note);
	json_key(j, "warranty_months");
	if (e->warranty_months > 0)
		json_int(j, e->warranty_months);
	else
		json_null(j);
	json_kstr(j, "warranty_from", e->warranty_from ? warranty_from_code(e->warranty_from) : NULL);
	json_kbool(j, "loan_unit", e->loan_unit);
	if (w) {
		json_opt_date(j, "warranty_end", w->end);
		json_kstr(j, "tier_today", warranty_tier_code(w->tier));
	}
}

static const char *const equipment_csv_heads[] = {
	"serial", "customer", "model", "delivered_on", "accepted_on", "commissioned_on", "note",
	"warranty_end"
};

static void
equipment_csv(buf *b, const sd_equipment *e, const warranty_status *w)
{
	char end[11] = "";
	const char *cells[8];

	if (w->end != SD_DATE_NONE)
		date_format(w->end, end);
	cells[0] = e->serial;
	cells[1] = e->customer;
	cells[2] = e->model ? e->model : "";
	cells[3] = e->delivered_on;
	cells[4] = e->accepted_on;
	cells[5] = e->commissioned_on;
	cells[6] = e->note ? e->note : "";
	cells[7] = end;
	csv_put_record(b, cells, 8);
}

static int
equip_row(const sd_equipment *e, void *arg)
{
	cli_list *o = arg;           /* o->arg: the cli */
	warranty_status w;

	warranty_today(o->arg, e, &w);
	if (o->fmt == FMT_TABLE) {
		char end[11] = "";
		const char *cells[8];

		if (w.end != SD_DATE_NONE)
			date_format(w.end, end);
		cells[0] = e->serial;
		cells[1] = e->customer;
		cells[2] = e->model;
		cells[3] = e->delivered_on;
		cells[4] = e->accepted_on;
		cells[5] = e->commissioned_on;
		cells[6] = end;
		cells[7] = warranty_tier_name(w.tier);
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		equipment_csv(&o->b, e, &w);
	} else {
		json_obj(&o->j);
		equipment_members(&o->j, e, &w);
		json_end(&o->j);
	}
	o->n++;
	return 0;
}

/* A table of equipment (for list and customer show). */
static out_table *
equipment_table(void)
{
	const char *heads[8] = {
		_("Serial number"), _("Customer"), _("Model"), _("Delivered"), _("Accepted"),
		_("Commissioned"), _("Warranty ends"), _("Today")
	};
	static const int caps[8] = { 24, 24, 16, 0, 0, 0, 0, 16 };
	return out_table_new(8, heads, caps);
}

/* ---------------------------------------------------------------- customer show */

static void
customer_text(buf *b, const sd_customer *cu)
{
	const char *labels[] = {
		_("Customer"), _("Region"), _("Key customer"), _("Address"), _("Contact"), _("Phone")
	};
	int labw = out_label_width(labels, SD_ARRAY_LEN(labels));

	out_label_line(b, labels[0], cu->name, labw);
	out_label_line(b, labels[1], cu->region, labw);
	out_label_line(b, labels[2], cu->key_customer ? _("yes") : _("no"), labw);
	out_label_line(b, labels[3], cu->address, labw);
	out_label_line(b, labels[4], cu->contact, labw);
	out_label_line(b, labels[5], cu->phone, labw);
}

static int
cust_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "customer show";
	cli_list o = { 0 };
	sd_customer cu;
	buf b = { 0 };
	cli_args a;
	int fmt = FMT_TEXT;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk customer show NAME [--format text|json]\n"
"Show a customer with its equipment and the warranty of each today.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one NAME expected"));
	else if (cli_opt_has(&a, OPT_FORMAT))
		rc = cli_parse_format(cmd, cli_opt_get(&a, OPT_FORMAT),
		                  (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&cu, 0, sizeof cu);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = customer_get(c->st, a.pos[0], &cu, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	o.arg = c;
	o.fmt = fmt == FMT_JSON ? FMT_JSON : FMT_TABLE;
	if (fmt == FMT_JSON) {
		json_start(&o.j, &o.b);
		json_obj(&o.j);
		customer_members(&o.j, &cu);
		cli_appointed_json(c->st, &o.j, cu.name);
		json_key(&o.j, "equipment");
		json_arr_lines(&o.j);
	} else {
		o.table = equipment_table();
	}
	if ((rc = equipment_each(c->st, cu.name, equip_row, &o, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (fmt == FMT_JSON) {
		json_end(&o.j);
		json_end(&o.j);
		buf_putc(&o.b, '\n');
		rc = finish(c, &o.b, true);
	} else {
		customer_text(&b, &cu);
		cli_appointed_text(c->st, &b, cu.name);
		buf_putc(&b, '\n');
		if (o.n == 0)
			buf_printf(&b, "%s\n", _("No equipment recorded."));
		if ((rc = finish(c, &b, false)) == SD_OK && o.n > 0) {
			rc = out_table_print(o.table, stdout);
			if (rc == SD_OK) {
				buf_reset(&b);
				rc = finish(c, &b, false);
			} else {
				sd_err_set(&c->err, SD_IOERR, "%s", _("standard output: write error"));
				rc = cli_fail(c);
			}
		}
	}
out:
	out_table_free(o.table);
	buf_free(&o.b);
	buf_free(&b);
	customer_free(&cu);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- equipment add */

static int
equip_put_common(cli *c, int argc, char **argv, char **raw, bool edit)
{
	static const struct cli_opt opts[] = {
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "model", 0, true, false, OPT_MODEL },
		{ "delivered", 0, true, false, OPT_DELIVERED },
		{ "accepted", 0, true, false, OPT_ACCEPTED },
		{ "commissioned", 0, true, false, OPT_COMMISSIONED },
		{ "note", 0, true, false, OPT_NOTE },
		{ "warranty-months", 0, true, false, OPT_WARRANTY_MONTHS },
		{ "warranty-from", 0, true, false, OPT_WARRANTY_FROM },
		{ "loan-unit", 0, true, false, OPT_LOAN_UNIT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = edit ? "equipment edit" : "equipment add";
	int loan_unit = -1;
	sd_equipment e;
	sd_err e2;
	char dates[3][11];
	const char *v;
	cli_args a;
	int rc, months = 0, from = WARRANTY_FROM_EITHER;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (edit)
			return cli_print_help(_(
"Usage: servdesk equipment edit SERIAL [--customer NAME] [--model M]\n"
"         [--delivered DATE] [--accepted DATE] [--commissioned DATE]\n"
"         [--warranty-months N|default] [--warranty-from commissioned|accepted|either]\n"
"         [--note TEXT] [--loan-unit yes|no]\n"
"Change a piece of equipment already on record; the options are those of\n"
"'servdesk equipment add'. Options not given keep their values.\n"));
		return cli_print_help(_(
"Usage: servdesk equipment add SERIAL --customer NAME [--model M]\n"
"         [--delivered DATE] [--accepted DATE] [--commissioned DATE]\n"
"         [--warranty-months N|default] [--warranty-from commissioned|accepted|either]\n"
"         [--note TEXT] [--loan-unit yes|no]\n"
"Add a piece of equipment (设备档案), or update the one with this serial\n"
"number: options not given keep their values (--customer is then optional);\n"
"an empty value clears the field. DATE is YYYY-MM-DD.\n"
"\n"
"  --customer         the customer who owns it (must be on the customer list)\n"
"  --model            model\n"
"  --delivered        delivery date\n"
"  --accepted         arrival acceptance (到货预验收): warranty runs 18 months\n"
"  --commissioned     commissioning (开车正常运行): warranty runs 12 months\n"
"                     (the earlier end counts)\n"
"  --warranty-months  this equipment's own warranty: N months from each date\n"
"                     instead of the global settings; 'default' goes back to them\n"
"  --warranty-from    count the warranty from commissioning only, from arrival\n"
"                     acceptance only, or from either (the earlier end, default)\n"
"  --note             a note\n"
"  --loan-unit        yes: a loan unit (备用机) the department lends while a\n"
"                     customer's equipment is away ('servdesk ledger loan')\n"));
	}
	memset(dates, 0, sizeof dates);
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one SERIAL expected"));
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_WARRANTY_MONTHS)) &&
	    strcmp(v, "default") != 0 && v[0]) {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || end == v || n < 1 || n > 1200)
			rc = cli_usage(cmd, _("%s: %s"), "--warranty-months",
			               _("must be a number of months from 1 to 1200, or default"));
		else
			months = (int)n;
	}
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_WARRANTY_FROM)) &&
	    (from = warranty_from_parse(v)) < 0)
		rc = cli_usage(cmd, _("%s: %s"), "--warranty-from",
		               _("must be commissioned, accepted or either"));
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_LOAN_UNIT))) {
		if (strcmp(v, "yes") == 0)
			loan_unit = 1;
		else if (strcmp(v, "no") == 0)
			loan_unit = 0;
		else
			rc = cli_usage(cmd, _("%s: %s"), "--loan-unit", _("must be yes or no"));
	}
	for (int i = 0; i < 3 && rc == SD_OK; i++) {
		static const int ids[3] = { OPT_DELIVERED, OPT_ACCEPTED, OPT_COMMISSIONED };
		if ((v = cli_opt_get(&a, ids[i])))
			rc = date_opt(cmd, v, dates[i]);
	}
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&e, 0, sizeof e);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = cli_require(c, ACT_CUSTOMER_CHANGE, cmd)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (equipment_get(c->st, a.pos[0], &e, &e2) != SD_OK) {
		if (edit) {
			rc = sd_err_set(&c->err, SD_DATAERR, "%s", e2.msg);
			rc = cli_fail(c);
			goto out;
		}
		if (!cli_opt_has(&a, OPT_CUSTOMER)) {
			rc = cli_usage(cmd, _("option '--%s' is required"), "customer");
			goto out;
		}
		e.serial = xstrdup(a.pos[0]);
	}
	if ((v = cli_opt_get(&a, OPT_CUSTOMER)))
		cli_set_text(&e.customer, v);
	if ((v = cli_opt_get(&a, OPT_MODEL)))
		cli_set_text(&e.model, v);
	if ((v = cli_opt_get(&a, OPT_NOTE)))
		cli_set_text(&e.note, v);
	if (cli_opt_has(&a, OPT_DELIVERED))
		memcpy(e.delivered_on, dates[0], 11);
	if (cli_opt_has(&a, OPT_ACCEPTED))
		memcpy(e.accepted_on, dates[1], 11);
	if (cli_opt_has(&a, OPT_COMMISSIONED))
		memcpy(e.commissioned_on, dates[2], 11);
	if (cli_opt_has(&a, OPT_WARRANTY_MONTHS))
		e.warranty_months = months;
	if (cli_opt_has(&a, OPT_WARRANTY_FROM))
		e.warranty_from = from;
	if (loan_unit >= 0)
		e.loan_unit = loan_unit == 1;
	if ((rc = equipment_put(c->st, &e, &c->err)) != SD_OK)
		rc = cli_fail(c);
out:
	equipment_free(&e);
	cli_args_free(&a);
	return rc;
}

static int
equip_add(cli *c, int argc, char **argv, char **raw)
{
	return equip_put_common(c, argc, argv, raw, false);
}

static int
equip_edit(cli *c, int argc, char **argv, char **raw)
{
	return equip_put_common(c, argc, argv, raw, true);
}

/* ---------------------------------------------------------------- equipment list */

static int
equip_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "equipment list";
	cli_list o = { 0 };
	const char *v, *cust;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk equipment list [--customer NAME] [--format table|csv|json]\n"
"List the equipment by serial number, with the warranty end and the\n"
"charging tier today.\n"
"\n"
"  --customer  only this customer's equipment\n"
"  --format    table (default), csv or json\n"));
	}
	o.arg = c;
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK)
		goto fail;
	cust = cli_opt_get(&a, OPT_CUSTOMER);
	if (cust) {
		sd_customer cu;
		if (customer_get(c->st, cust, &cu, &c->err) != SD_OK)
			goto fail;
		customer_free(&cu);
	}
	cli_list_begin(&o, o.fmt == FMT_TABLE ? equipment_table() : NULL, equipment_csv_heads,
	               SD_ARRAY_LEN(equipment_csv_heads));
	rc = equipment_each(c->st, cust, equip_row, &o, &c->err);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
fail:
	cli_args_free(&a);
	return cli_fail(c);
}

/* ---------------------------------------------------------------- equipment show, warranty */

/*
 * The service history of a machine, newest first, read a page at a time:
 * into the JSON array j (when not NULL) or the table t.
 */
static int
equip_history(cli *c, const char *serial, sd_json *j, out_table *t, long *count)
{
	sd_hist_row rows[CLI_LIST_PAGE], last;
	enum sd_page_from from = PAGE_FIRST;
	int n, rc;

	*count = 0;
	memset(&last, 0, sizeof last);
	for (;;) {
		if ((rc = history_page(c->st, serial, from, from == PAGE_AFTER ? &last : NULL,
		                       CLI_LIST_PAGE, rows, &n, &c->err)) != SD_OK)
			break;
		for (int i = 0; i < n; i++) {
			const sd_hist_row *r = &rows[i];

			if (j) {
				json_obj(j);
				json_kstr(j, "at", r->at);
				json_kstr(j, "kind", history_kind_code(r->kind));
				json_kstr(j, "number", r->number);
				json_kbool(j, "repeat", r->repeat);
				json_kstr(j, "summary", r->summary);
				json_end(j);
			} else {
				const char *cells[] = { r->at, history_kind_name(r->kind), r->number, r->summary };
				out_table_add(t, cells);
			}
		}
		*count += n;
		if (n > 0) {
			history_row_free(&last);
			last = rows[n - 1];
			rows[n - 1].summary = NULL;
		}
		for (int i = 0; i < n; i++)
			history_row_free(&rows[i]);
		if (n < CLI_LIST_PAGE)
			break;
		from = PAGE_AFTER;
	}
	history_row_free(&last);
	return rc;
}

/* The charges of w as "labour free, travel charged, ..." (translated). */
static void
charges_line(buf *b, const warranty_status *w)
{
	for (int k = 0; k < COST_COUNT; k++) {
		if (k)
			buf_puts(b, text_sep_item());
		buf_printf(b, "%s %s", warranty_cost_name(k), w->charged[k] ? _("charged") : _("free"));
	}
}

static void
warranty_json(sd_json *j, const char *on, const warranty_status *w, const char *explain)
{
	json_obj(j);
	json_kstr(j, "on", on);
	json_opt_date(j, "end", w->end);
	json_kint(j, "downtime_days", w->downtime_days);
	json_kstr(j, "tier", warranty_tier_code(w->tier));
	json_opt_date(j, "tier_end", w->tier_end);
	json_key(j, "charged");
	json_obj(j);
	for (int k = 0; k < COST_COUNT; k++)
		json_kbool(j, warranty_cost_code(k), w->charged[k]);
	json_end(j);
	if (explain)
		json_kstr(j, "explanation", explain);
	json_end(j);
}

/* The text of equipment show / warranty: the record, then the warranty on `on`. */
static void
equipment_text(buf *b, const sd_equipment *e, const char *on, const warranty_status *w,
               const char *explain)
{
	const char *labels[] = {
		_("Serial number"), _("Customer"), _("Model"), _("Delivered"), _("Accepted"),
		_("Commissioned"), _("Note"), _("Warranty ends"), _("Downtime added"), _("On"),
		_("Tier"), _("Charges"), _("Explanation"), _("Warranty terms"), _("Loan unit")
	};
	int labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	char tmp[64];
	buf v = { 0 };

	out_label_line(b, labels[0], e->serial, labw);
	out_label_line(b, labels[1], e->customer, labw);
	if (e->model)
		out_label_line(b, labels[2], e->model, labw);
	out_label_line(b, labels[3], e->delivered_on, labw);
	out_label_line(b, labels[4], e->accepted_on, labw);
	out_label_line(b, labels[5], e->commissioned_on, labw);
	if (e->note)
		out_label_line(b, labels[6], e->note, labw);
	if (e->loan_unit)
		out_label_line(b, labels[14], _("yes"), labw);
	if (e->warranty_months > 0 || e->warranty_from != WARRANTY_FROM_EITHER) {
		warranty_terms_text(&v, e->warranty_months, e->warranty_from);
		out_label_line(b, labels[13], buf_str(&v), labw);
		buf_reset(&v);
	}
	if (w->end != SD_DATE_NONE) {
		date_format(w->end, tmp);
		out_label_line(b, labels[7], tmp, labw);
	} else {
		out_label_line(b, labels[7], _("unknown (no commissioning or acceptance date)"), labw);
	}
	snprintf(tmp, sizeof tmp, ngettext("%d day", "%d days", (unsigned long)w->downtime_days),
	         w->downtime_days);
	out_label_line(b, labels[8], tmp, labw);
	out_label_line(b, labels[9], on, labw);
	buf_puts(&v, warranty_tier_name(w->tier));
	if (w->tier_end != SD_DATE_NONE) {
		date_format(w->tier_end, tmp);
		buf_printf(&v, _(" (until %s)"), tmp);
	}
	out_label_line(b, labels[10], buf_str(&v), labw);
	buf_reset(&v);
	charges_line(&v, w);
	out_label_line(b, labels[11], buf_str(&v), labw);
	buf_free(&v);
	if (explain && *explain) {
		size_t n = strlen(explain);
		char *t = xstrndup(explain, n && explain[n - 1] == '\n' ? n - 1 : n);
		out_label_line(b, labels[12], t, labw);
		free(t);
	}
}

/* equipment show (explain false) and equipment warranty (explain true). */
static int
equip_show_common(cli *c, int argc, char **argv, char **raw, bool warranty)
{
	static const struct cli_opt show_opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	static const struct cli_opt warranty_opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = warranty ? "equipment warranty" : "equipment show";
	sd_equipment e;
	warranty_status w;
	buf ex = { 0 }, b = { 0 };
	sd_date on = 0;
	char ons[11];
	const char *v;
	int fmt = FMT_TEXT;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, warranty ? warranty_opts : show_opts, "t", argc, argv, raw,
	                    &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (warranty)
			return cli_print_help(_(
"Usage: servdesk equipment warranty SERIAL [--on DATE] [--format text|json]\n"
"The warranty status of a piece of equipment on DATE (default: today), with\n"
"the reasoning: which rule gave the warranty end (commissioning + 12 months,\n"
"arrival acceptance + 18 months, the earlier), the downtime days added, the\n"
"charging tier on the date and what each cost type costs the customer\n"
"(labour, travel, lodging, parts: free or charged).\n"));
		return cli_print_help(_(
"Usage: servdesk equipment show SERIAL [--format text|json]\n"
"Show a piece of equipment with its warranty today and its service history\n"
"(设备档案): every request, ledger entry, visit and complaint of the machine,\n"
"newest first; a repeat repair is marked.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one SERIAL expected"));
	else if ((v = cli_opt_get(&a, OPT_ON)) && !date_parse(v, &on))
		rc = cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD)"), v);
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if (!cli_opt_has(&a, OPT_ON))
		on = store_today();
	date_format(on, ons);
	memset(&e, 0, sizeof e);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = equipment_get(c->st, a.pos[0], &e, &c->err)) != SD_OK ||
	    (rc = equipment_warranty(c->st, e.serial, on, &w, warranty ? &ex : NULL,
	                             &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (fmt == FMT_JSON) {
		sd_json j;

		json_start(&j, &b);
		json_obj(&j);
		if (warranty) {
			json_kstr(&j, "serial", e.serial);
			json_kstr(&j, "customer", e.customer);
		} else {
			equipment_members(&j, &e, NULL);
		}
		json_key(&j, "warranty");
		warranty_json(&j, ons, &w, warranty ? buf_str(&ex) : NULL);
		if (!warranty) {
			long nh;

			json_key(&j, "history");
			json_arr_lines(&j);
			if ((rc = equip_history(c, e.serial, &j, NULL, &nh)) != SD_OK) {
				rc = cli_fail(c);
				goto out;
			}
			json_end(&j);
		}
		json_end(&j);
		buf_putc(&b, '\n');
		rc = finish(c, &b, true);
	} else {
		static const int caps[] = { 16, 12, 14, 60 };
		const char *heads[] = { _("When"), _("Kind"), _("Number"), C_("abstract", "Summary") };
		out_table *t = NULL;
		long nh = 0;

		equipment_text(&b, &e, ons, &w, warranty ? buf_str(&ex) : NULL);
		if (!warranty) {
			t = out_table_new(SD_ARRAY_LEN(heads), heads, caps);
			if ((rc = equip_history(c, e.serial, NULL, t, &nh)) != SD_OK) {
				out_table_free(t);
				rc = cli_fail(c);
				goto out;
			}
			buf_printf(&b, "\n%s\n", nh ? _("Service history (newest first):")
			                            : _("No service history recorded."));
		}
		rc = finish(c, &b, false);
		if (rc == SD_OK && nh > 0) {
			if ((rc = out_table_print(t, stdout)) == SD_OK) {
				buf_reset(&b);
				rc = finish(c, &b, false);
			} else {
				sd_err_set(&c->err, SD_IOERR, "%s", _("standard output: write error"));
				rc = cli_fail(c);
			}
		}
		out_table_free(t);
	}
out:
	buf_free(&b);
	buf_free(&ex);
	equipment_free(&e);
	cli_args_free(&a);
	return rc;
}

static int
equip_show(cli *c, int argc, char **argv, char **raw)
{
	return equip_show_common(c, argc, argv, raw, false);
}

static int
equip_warranty(cli *c, int argc, char **argv, char **raw)
{
	return equip_show_common(c, argc, argv, raw, true);
}

/* ---------------------------------------------------------------- downtime */

static int
equip_downtime(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "from", 0, true, false, OPT_FROM },
		{ "to", 0, true, false, OPT_TO },
		{ "reason", 0, true, false, OPT_REASON },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "equipment downtime";
	char from[11], to[11];
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk equipment downtime SERIAL --from DATE --to DATE --reason TEXT\n"
"Record that the equipment stood still from the first to the last day\n"
"(inclusive). Downtime that starts within the warranty extends it by its days\n"
"from the warranty's first day on; downtime wholly outside the warranty is\n"
"refused.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one SERIAL expected"));
	else if (!cli_opt_has(&a, OPT_FROM))
		rc = cli_usage(cmd, _("option '--%s' is required"), "from");
	else if (!cli_opt_has(&a, OPT_TO))
		rc = cli_usage(cmd, _("option '--%s' is required"), "to");
	else if (!cli_opt_has(&a, OPT_REASON))
		rc = cli_usage(cmd, _("option '--%s' is required"), "reason");
	else if ((rc = date_opt(cmd, cli_opt_get(&a, OPT_FROM), from)) == SD_OK &&
	         (rc = date_opt(cmd, cli_opt_get(&a, OPT_TO), to)) == SD_OK &&
	         (!from[0] || !to[0]))
		rc = cli_usage(cmd, "%s", _("--from and --to need a date"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = equipment_add_downtime(c->st, a.pos[0], from, to, cli_opt_get(&a, OPT_REASON),
	                                 &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- dispatch */

struct sub {
	const char *name;
	int (*fn)(cli *, int, char **, char **);
};

static int
dispatch(cli *c, const char *cmd, const struct sub *subs, size_t n, const char *names,
         const char *help, int argc, char **argv, char **raw)
{
	if (argc < 1)
		return cli_usage(cmd, _("a subcommand is required (%s)"), names);
	for (size_t i = 0; i < n; i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(help);
	if (!argv[0])
		return cli_usage(cmd, "%s", _("invalid argument"));
	return cli_usage(cmd, _("unknown subcommand '%s'"), argv[0]);
}

int
cli_customer(cli *c, int argc, char **argv, char **raw)
{
	static const struct sub subs[] = {
		{ "add", cust_add }, { "list", cust_list }, { "show", cust_show },
		{ "edit", cli_customer_edit },
	};

	return dispatch(c, "customer", subs, SD_ARRAY_LEN(subs), "add, list, show, edit", _(
"Usage: servdesk customer add|list|show|edit ...\n"
"The customers. 'servdesk customer SUBCOMMAND --help' describes each\n"
"subcommand.\n"), argc, argv, raw);
}

int
cli_equipment(cli *c, int argc, char **argv, char **raw)
{
	static const struct sub subs[] = {
		{ "add", equip_add }, { "edit", equip_edit }, { "list", equip_list }, { "show", equip_show },
		{ "warranty", equip_warranty }, { "downtime", equip_downtime },
		{ "expiring", cli_equipment_expiring },
	};

	return dispatch(c, "equipment", subs, SD_ARRAY_LEN(subs),
	                "add, edit, list, show, warranty, downtime, expiring", _(
"Usage: servdesk equipment add|edit|list|show|warranty|downtime|expiring ...\n"
"The equipment records (设备档案) and their warranty. 'servdesk equipment\n"
"SUBCOMMAND --help' describes each subcommand.\n"), argc, argv, raw);
}
