/*
 * cli_repair.c — factory repair orders (返厂维修) and loan units (备用机) on
 * the command line: `ledger repair|loan|loan-return` on an entry, and the
 * `repair` commands (list, show, the steps, parts, the 委托维修单, loans).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "common.h"
#include "csv.h"
#include "json.h"
#include "money.h"
#include "out.h"
#include "repair.h"
#include "report.h"
#include "stock.h"
#include "store.h"
#include "text.h"

enum {
	OPT_PRODUCT = 1, OPT_ITEMS, OPT_NOTE, OPT_ON, OPT_CARRIER, OPT_WAYBILL, OPT_UNIT,
	OPT_BY, OPT_VERSION, OPT_FINDINGS, OPT_TESTS, OPT_REPAIRER, OPT_FORMAT, OPT_AWAY,
	OPT_ENTRY, OPT_PART, OPT_QTY, OPT_REASON, OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT,
	OPT_ALL
};

#define OPT_END { NULL, 0, false, false, 0 }

/* Parse a whole number in [lo, hi] for option name; SD_OK or SD_USAGE. */
static int
parse_num(const char *cmd, const char *name, const char *v, long lo, long hi, long *out)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < lo || x > hi)
		return cli_usage(cmd, _("invalid number '%s' for '--%s'"), v, name);
	*out = x;
	return SD_OK;
}

/* ---------------------------------------------------------------- ledger repair */

int
cli_ledger_repair(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "product", 0, true, false, OPT_PRODUCT },
		{ "items", 0, true, false, OPT_ITEMS },
		{ "note", 0, true, false, OPT_NOTE },
		{ "on", 0, true, false, OPT_ON },
		{ "carrier", 0, true, false, OPT_CARRIER },
		{ "waybill", 0, true, false, OPT_WAYBILL },
		OPT_END
	};
	const char *cmd = "ledger repair";
	sd_repair_open o = { 0 };
	char rmno[24];
	const char *v;
	long items = 1;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger repair REGNO --product SERIAL [--items N] [--note TEXT]\n"
"           [--on YYYY-MM-DD] [--carrier NAME --waybill NO]\n"
"Open a factory repair order (返厂维修): the product of entry REGNO was\n"
"received to be repaired at the factory. Prints the order's number\n"
"RMYYYYMM-NNNN (gapless in each month). Operators, engineers and the\n"
"supervisor may.\n"
"\n"
"  --product  the product's serial number (required)\n"
"  --items    pieces received (default 1)\n"
"  --note     the fault as reported, accessories received with it\n"
"  --on       the date received (default today)\n"
"  --carrier, --waybill  the transport to the factory\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("REGNO expected"));
	else if (!(o.serial = cli_opt_get(&a, OPT_PRODUCT)))
		rc = cli_need_opt(cmd, "product");
	else if ((v = cli_opt_get(&a, OPT_ITEMS)))
		rc = parse_num(cmd, "items", v, 1, 9999, &items);
	if (rc == SD_OK) {
		o.regno = a.pos[0];
		o.items = (int)items;
		o.note = cli_opt_get(&a, OPT_NOTE);
		o.on = cli_opt_get(&a, OPT_ON);
		o.carrier = cli_opt_get(&a, OPT_CARRIER);
		o.waybill = cli_opt_get(&a, OPT_WAYBILL);
		if ((rc = cli_open(c, false)) != SD_OK || (rc = repair_open(c->st, &o, rmno, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else
			rc = cli_finish_output(c, out_printf(stdout, "%s\n", rmno));
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- loans */

int
cli_ledger_loan(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "unit", 0, true, false, OPT_UNIT },
		{ "on", 0, true, false, OPT_ON },
		{ "note", 0, true, false, OPT_NOTE },
		OPT_END
	};
	const char *cmd = "ledger loan";
	const char *unit;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger loan REGNO --unit SERIAL [--on YYYY-MM-DD] [--note TEXT]\n"
"Lend a loan unit (备用机) to the customer of entry REGNO while their\n"
"equipment is away. The unit must be marked as a loan unit ('servdesk\n"
"equipment edit SERIAL --loan-unit yes') and not be out already; an entry\n"
"has at most one unit out. Storekeepers, engineers and the supervisor may.\n"
"\n"
"  --unit  the loan unit's serial number (required)\n"
"  --on    the date lent (default today)\n"
"  --note  a remark\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("REGNO expected"));
	else if (!(unit = cli_opt_get(&a, OPT_UNIT)))
		rc = cli_need_opt(cmd, "unit");
	else if ((rc = cli_open(c, false)) != SD_OK ||
	         (rc = loan_lend(c->st, a.pos[0], unit, cli_opt_get(&a, OPT_ON), cli_opt_get(&a, OPT_NOTE),
	                         &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

int
cli_ledger_loan_return(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "unit", 0, true, false, OPT_UNIT },
		{ "on", 0, true, false, OPT_ON },
		OPT_END
	};
	const char *cmd = "ledger loan-return";
	const char *unit;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger loan-return REGNO [--on YYYY-MM-DD]\n"
"       servdesk ledger loan-return --unit SERIAL [--on YYYY-MM-DD]\n"
"Record that the loan unit lent with entry REGNO (or the unit SERIAL) came\n"
"back.\n"
"\n"
"  --unit  the loan unit's serial number, instead of REGNO\n"
"  --on    the date it came back (default today)\n"));
	}
	unit = cli_opt_get(&a, OPT_UNIT);
	if ((a.npos == 1) == (unit != NULL))
		rc = cli_usage(cmd, "%s", _("REGNO or --unit SERIAL expected"));
	else if ((rc = cli_open(c, false)) != SD_OK ||
	         (rc = loan_return(c->st, a.npos ? a.pos[0] : NULL, unit, cli_opt_get(&a, OPT_ON),
	                           &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- repair steps */

static const struct rstep {
	const char *name;
	int step;
	const char *help;
} rsteps[] = {
	{ "start", RSTEP_START, N_(
"Usage: servdesk repair start RMNO [--on YYYY-MM-DD] [--by LOGIN] [--version N]\n"
"The workshop began the repair (received -> in repair). Engineers and the\n"
"supervisor may.\n"
"\n"
"  --on       the date (default today)\n"
"  --by       who (an engineer or supervisor; default you)\n"
"  --version  the version you last saw: refused if the order changed since\n") },
	{ "done", RSTEP_DONE, N_(
"Usage: servdesk repair done RMNO [--findings TEXT] [--tests TEXT]\n"
"           [--repairer LOGIN] [--on YYYY-MM-DD] [--by LOGIN] [--version N]\n"
"The workshop finished the repair (in repair -> repaired), with its record.\n"
"\n"
"  --findings  what was found and done\n"
"  --tests     the tests done\n"
"  --repairer  who repaired it (default --by)\n"
"  --on, --by, --version  as for 'repair start'\n") },
	{ "scrap", RSTEP_SCRAP, N_(
"Usage: servdesk repair scrap RMNO --findings TEXT [--tests TEXT]\n"
"           [--repairer LOGIN] [--on YYYY-MM-DD] [--by LOGIN] [--version N]\n"
"The product is not worth repairing (received or in repair -> scrapped).\n"
"\n"
"  --findings  why (required)\n"
"  --tests, --repairer, --on, --by, --version  as for 'repair done'\n") },
	{ "return", RSTEP_RETURN, N_(
"Usage: servdesk repair return RMNO --carrier NAME --waybill NO\n"
"           [--on YYYY-MM-DD] [--by LOGIN] [--version N]\n"
"The product was sent back to the customer (repaired or scrapped ->\n"
"returned).\n"
"\n"
"  --carrier, --waybill  the transport back (both required)\n"
"  --on, --by, --version  as for 'repair start'\n") },
};

static int
rp_step(cli *c, const struct rstep *s, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "by", 0, true, false, OPT_BY },
		{ "version", 0, true, false, OPT_VERSION },
		{ "findings", 0, true, false, OPT_FINDINGS },
		{ "tests", 0, true, false, OPT_TESTS },
		{ "repairer", 0, true, false, OPT_REPAIRER },
		{ "carrier", 0, true, false, OPT_CARRIER },
		{ "waybill", 0, true, false, OPT_WAYBILL },
		OPT_END
	};
	char cmd[32];
	sd_repair_args ra = { 0 };
	long version = -1;
	const char *v;
	cli_args a;
	int rc;

	snprintf(cmd, sizeof cmd, "repair %s", s->name);
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(s->help));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("RMNO expected"));
	else if ((v = cli_opt_get(&a, OPT_VERSION)))
		rc = parse_num(cmd, "version", v, 0, INT_MAX, &version);
	if (rc == SD_OK && s->step != RSTEP_RETURN &&
	    (cli_opt_has(&a, OPT_CARRIER) || cli_opt_has(&a, OPT_WAYBILL)))
		rc = cli_usage(cmd, "%s", _("--carrier and --waybill apply to 'repair return' only"));
	if (rc == SD_OK && (s->step == RSTEP_START || s->step == RSTEP_RETURN) &&
	    (cli_opt_has(&a, OPT_FINDINGS) || cli_opt_has(&a, OPT_TESTS) || cli_opt_has(&a, OPT_REPAIRER)))
		rc = cli_usage(cmd, "%s", _("--findings, --tests and --repairer apply to 'repair done' and 'repair scrap' only"));
	if (rc == SD_OK) {
		ra.on = cli_opt_get(&a, OPT_ON);
		ra.by = cli_opt_get(&a, OPT_BY);
		ra.findings = cli_opt_get(&a, OPT_FINDINGS);
		ra.tests = cli_opt_get(&a, OPT_TESTS);
		ra.repairer = cli_opt_get(&a, OPT_REPAIRER);
		ra.carrier = cli_opt_get(&a, OPT_CARRIER);
		ra.waybill = cli_opt_get(&a, OPT_WAYBILL);
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = repair_step(c->st, a.pos[0], s->step, &ra, (int)version, &c->err)) != SD_OK)
			rc = cli_fail(c);
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- repair issue */

static int
rp_issue(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "part", 0, true, false, OPT_PART },
		{ "qty", 0, true, false, OPT_QTY },
		{ "reason", 0, true, false, OPT_REASON },
		OPT_END
	};
	const char *cmd = "repair issue";
	const char *part, *v;
	long qty = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk repair issue RMNO --part PART_NO --qty N [--reason TEXT]\n"
"Issue parts from the store to repair order RMNO (received or in repair):\n"
"a stock issue to the order's ledger entry, at the average cost, charged as\n"
"any parts issue. The storekeeper and the supervisor may.\n"
"\n"
"  --part    the part number (required)\n"
"  --qty     how many (required)\n"
"  --reason  a remark\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("RMNO expected"));
	else if (!(part = cli_opt_get(&a, OPT_PART)))
		rc = cli_need_opt(cmd, "part");
	else if (!(v = cli_opt_get(&a, OPT_QTY)))
		rc = cli_need_opt(cmd, "qty");
	else if ((rc = parse_num(cmd, "qty", v, 1, 1000000000, &qty)) == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = stock_issue_repair(c->st, part, qty, a.pos[0], cli_opt_get(&a, OPT_REASON), NULL,
		                             NULL, &c->err)) != SD_OK)
			rc = cli_fail(c);
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- repair list */

static const char *const list_csv_heads[] = {
	"rmno", "regno", "customer", "serial", "model", "items", "state", "received_on",
	"returned_on", "days_away", "in_waybill", "out_waybill", "version"
};

static void
list_row(cli_list *l, const void *row)
{
	const sd_repair *r = row;
	char items[16], days[24], version[16];

	snprintf(items, sizeof items, "%d", r->items);
	snprintf(days, sizeof days, "%ld", r->days_away);
	snprintf(version, sizeof version, "%d", r->version);
	if (l->fmt == FMT_TABLE) {
		const char *cells[8] = {
			r->rmno, r->regno, r->customer, r->serial, r->model, repair_state_name(r->state),
			r->received_on, days
		};
		out_table_add(l->table, cells);
	} else if (l->fmt == FMT_CSV) {
		const char *cells[13] = {
			r->rmno, r->regno, r->customer ? r->customer : "", r->serial ? r->serial : "",
			r->model ? r->model : "", items, repair_state_code(r->state), r->received_on,
			r->returned_on, days, r->in_waybill ? r->in_waybill : "",
			r->out_waybill ? r->out_waybill : "", version
		};
		csv_put_record(&l->b, cells, 13);
	} else {
		json_obj(&l->j);
		json_kstr(&l->j, "rmno", r->rmno);
		json_kstr(&l->j, "regno", r->regno);
		json_kstr(&l->j, "customer", r->customer);
		json_kstr(&l->j, "serial", r->serial);
		json_kstr(&l->j, "model", r->model);
		json_kint(&l->j, "items", r->items);
		json_kstr(&l->j, "state", repair_state_code(r->state));
		json_kstr(&l->j, "received_on", r->received_on);
		json_kstr(&l->j, "returned_on", r->returned_on[0] ? r->returned_on : NULL);
		json_kint(&l->j, "days_away", r->days_away);
		json_kint(&l->j, "version", r->version);
		json_end(&l->j);
	}
	l->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max, void *rows, int *n)
{
	return repair_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	repair_free(row);
}

static const struct cli_pager list_pager = { sizeof(sd_repair), list_page, list_row, list_free };

static int
rp_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "away", 0, false, false, OPT_AWAY },
		{ "entry", 0, true, false, OPT_ENTRY },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "repair list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_repair_query q = { 0 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk repair list [--away] [--entry REGNO] [--format table|csv|json]\n"
"List the factory repair orders in order of receipt, with the days each\n"
"product has been away (to its return, or to today).\n"
"\n"
"  --away    only the products not yet returned (at the factory)\n"
"  --entry   only the orders of ledger entry REGNO\n"
"  --format  table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	q.away_only = cli_opt_has(&a, OPT_AWAY);
	q.regno = cli_opt_get(&a, OPT_ENTRY);
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[8] = {
			_("Repair no."), _("Register no."), _("Customer"), _("Serial no."), _("Product"),
			_("State"), C_("date", "Received"), _("Days away")
		};
		static const int caps[8] = { 0, 0, 24, 20, 16, 0, 0, 0 };
		t = out_table_new(8, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- repair loans */

static const char *const loan_csv_heads[] = {
	"unit", "model", "regno", "customer", "lent_on", "lent_by", "returned_on", "days_out", "note"
};

static void
loan_row(cli_list *l, const void *row)
{
	const sd_loan *r = row;
	char days[24];

	snprintf(days, sizeof days, "%ld", r->days_out);
	if (l->fmt == FMT_TABLE) {
		const char *cells[7] = {
			r->unit, r->model, r->regno, r->customer, r->lent_on, r->returned_on, days
		};
		out_table_add(l->table, cells);
	} else if (l->fmt == FMT_CSV) {
		const char *cells[9] = {
			r->unit ? r->unit : "", r->model ? r->model : "", r->regno,
			r->customer ? r->customer : "", r->lent_on, r->lent_by ? r->lent_by : "",
			r->returned_on, days, r->note ? r->note : ""
		};
		csv_put_record(&l->b, cells, 9);
	} else {
		json_obj(&l->j);
		json_kstr(&l->j, "unit", r->unit);
		json_kstr(&l->j, "model", r->model);
		json_kstr(&l->j, "regno", r->regno);
		json_kstr(&l->j, "customer", r->customer);
		json_kstr(&l->j, "lent_on", r->lent_on);
		json_kstr(&l->j, "lent_by", r->lent_by);
		json_kstr(&l->j, "returned_on", r->returned_on[0] ? r->returned_on : NULL);
		json_kint(&l->j, "days_out", r->days_out);
		json_kstr(&l->j, "note", r->note);
		json_end(&l->j);
	}
	l->n++;
}

static int
loan_page_cb(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max, void *rows,
             int *n)
{
	return loan_page(c->st, *(const bool *)q, from, anchor, max, rows, n, &c->err);
}

static void
loan_free_cb(void *row)
{
	loan_free(row);
}

static const struct cli_pager loan_pager = { sizeof(sd_loan), loan_page_cb, loan_row, loan_free_cb };

static int
rp_loans(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "all", 0, false, false, OPT_ALL },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "repair loans";
	cli_list o = { 0 };
	out_table *t = NULL;
	bool out_only;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk repair loans [--all] [--format table|csv|json]\n"
"List the loan units (备用机) out, in order of lending, with the days each\n"
"has been out.\n"
"\n"
"  --all     the loans returned too\n"
"  --format  table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	out_only = !cli_opt_has(&a, OPT_ALL);
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[7] = {
			_("Loan unit"), _("Product"), _("Register no."), _("Customer"), _("Lent"),
			_("Returned"), _("Days out")
		};
		static const int caps[7] = { 20, 16, 0, 24, 0, 0, 0 };
		t = out_table_new(7, heads, caps);
	}
	cli_list_begin(&o, t, loan_csv_heads, SD_ARRAY_LEN(loan_csv_heads));
	rc = cli_list_pages(c, &o, &loan_pager, &out_only);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- repair show */

/* One "Label:  value" line; NULL is empty. */
static void
line(buf *b, const char *label, const char *value, int w)
{
	out_label_line(b, label, value ? value : "", w);
}

struct parts_out {
	buf *b;
	sd_json *j;
	long n;
};

static int
part_text(const sd_repair_part *p, void *arg)
{
	struct parts_out *o = arg;
	char cost[32];

	money_format(p->cost_fen, cost);
	buf_printf(o->b, "  %s  %s  x %ld  @ %s %s%s%s\n", p->part_no, p->name ? p->name : "", p->qty, cost,
	           text_paren_open(), p->at, text_paren_close());
	o->n++;
	return 0;
}

static int
part_json(const sd_repair_part *p, void *arg)
{
	struct parts_out *o = arg;

	json_obj(o->j);
	json_kstr(o->j, "part_no", p->part_no);
	json_kstr(o->j, "name", p->name);
	json_kint(o->j, "qty", p->qty);
	json_kmoney(o->j, "unit_cost", p->cost_fen);
	json_kstr(o->j, "at", p->at);
	json_end(o->j);
	return 0;
}

static int
rp_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "repair show";
	int fmt = FMT_TEXT;
	sd_repair r;
	buf b = { 0 }, tmp = { 0 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk repair show RMNO [--format text|json]\n"
"Show a factory repair order: the entry, the product, each step with its\n"
"date and person, the transport both ways, the workshop's record and the\n"
"parts issued to it.\n"
"\n"
"  --format  text (default) or json\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("RMNO expected"));
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 1u << FMT_TEXT | 1u << FMT_JSON, &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK ||
	    (rc = repair_get(c->st, a.pos[0], &r, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	cli_args_free(&a);
	if (fmt == FMT_JSON) {
		sd_json j;
		struct parts_out po = { &b, &j, 0 };

		json_start(&j, &b);
		json_obj(&j);
		json_kstr(&j, "rmno", r.rmno);
		json_kstr(&j, "regno", r.regno);
		json_kstr(&j, "customer", r.customer);
		json_kstr(&j, "serial", r.serial);
		json_kstr(&j, "model", r.model);
		json_kstr(&j, "fault", r.fault);
		json_kint(&j, "items", r.items);
		json_kstr(&j, "note", r.note);
		json_kstr(&j, "state", repair_state_code(r.state));
		json_kint(&j, "version", r.version);
		json_kstr(&j, "received_on", r.received_on);
		json_kstr(&j, "received_by", r.received_by);
		json_kstr(&j, "in_carrier", r.in_carrier);
		json_kstr(&j, "in_waybill", r.in_waybill);
		json_kstr(&j, "started_on", r.started_on[0] ? r.started_on : NULL);
		json_kstr(&j, "started_by", r.started_by);
		json_kstr(&j, "done_on", r.done_on[0] ? r.done_on : NULL);
		json_kstr(&j, "done_by", r.done_by);
		json_kstr(&j, "findings", r.findings);
		json_kstr(&j, "tests", r.tests);
		json_kstr(&j, "repairer", r.repairer);
		json_kstr(&j, "returned_on", r.returned_on[0] ? r.returned_on : NULL);
		json_kstr(&j, "returned_by", r.returned_by);
		json_kstr(&j, "out_carrier", r.out_carrier);
		json_kstr(&j, "out_waybill", r.out_waybill);
		json_kint(&j, "days_away", r.days_away);
		json_key(&j, "parts");
		json_arr(&j);
		rc = repair_parts_each(c->st, r.rmno, part_json, &po, &c->err);
		json_end(&j);
		json_end(&j);
		buf_putc(&b, '\n');
		if (rc == SD_OK)
			rc = out_raw(stdout, buf_str(&b), b.len);
	} else {
		const char *labels[] = {
			_("Repair no."), _("Register no."), _("Customer"), _("Product"), _("Serial no."),
			_("Fault as reported"), _("Pieces"), _("Remarks"), _("State"), _("Version"), C_("date", "Received"),
			_("Carrier to factory"), _("Waybill to factory"), _("Repair begun"), _("Finished"),
			_("Findings"), _("Tests done"), _("Repairer"), _("Returned"), _("Carrier back"),
			_("Waybill back"), _("Days away")
		};
		int w = out_label_width(labels, SD_ARRAY_LEN(labels));
		char n[24];
		struct parts_out po = { &b, NULL, 0 };
		size_t i = 0;

#define LINE(val) line(&b, labels[i++], (val), w)
#define SIG(who, on) do { buf_reset(&tmp); if ((on)[0]) buf_printf(&tmp, "%s%s%s", (on), text_sep_item(), (who) ? (who) : ""); \
	LINE(buf_str(&tmp)); } while (0)
		LINE(r.rmno);
		LINE(r.regno);
		LINE(r.customer);
		LINE(r.model);
		LINE(r.serial);
		LINE(r.fault);
		snprintf(n, sizeof n, "%d", r.items);
		LINE(n);
		LINE(r.note);
		LINE(repair_state_name(r.state));
		snprintf(n, sizeof n, "%d", r.version);
		LINE(n);
		SIG(r.received_by, r.received_on);
		LINE(r.in_carrier);
		LINE(r.in_waybill);
		SIG(r.started_by, r.started_on);
		SIG(r.done_by, r.done_on);
		LINE(r.findings);
		LINE(r.tests);
		LINE(r.repairer);
		SIG(r.returned_by, r.returned_on);
		LINE(r.out_carrier);
		LINE(r.out_waybill);
		snprintf(n, sizeof n, "%ld", r.days_away);
		LINE(n);
#undef LINE
#undef SIG
		buf_printf(&b, "%s%s\n", _("Parts issued"), text_sep_caption());
		{
			buf pb = { 0 };
			po.b = &pb;
			rc = repair_parts_each(c->st, r.rmno, part_text, &po, &c->err);
			if (po.n == 0)
				buf_printf(&pb, "  %s\n", _("none"));
			{
				char *s = text_sanitize(buf_str(&pb), true);
				buf_puts(&b, s);
				free(s);
			}
			buf_free(&pb);
		}
		if (rc == SD_OK)
			rc = out_write(stdout, buf_str(&b), b.len);
	}
	buf_free(&b);
	buf_free(&tmp);
	repair_free(&r);
	if (rc != SD_OK && c->err.status)
		return cli_fail(c);
	return cli_finish_output(c, rc);
}

/* ---------------------------------------------------------------- repair form */

static int
rp_form(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		OPT_END
	};
	const char *cmd = "repair form";
	cli_docout d;
	sd_doc *doc = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk repair form RMNO [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The repair commission (委托维修单) of order RMNO in two parts: the\n"
"customer's copy and the copy that travels with the product, with a\n"
"cut line between them.\n"
"\n"
"  --format     text (default), csv, json, xlsx or pdf (xlsx and pdf only\n"
"               with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE\n"
"  --print      send it to the print command (the setting print_command)\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("RMNO expected"));
	else
		rc = cli_docout_parse(cmd, cli_opt_get(&a, OPT_FORMAT), cli_opt_get(&a, OPT_ENCODING),
		                      cli_opt_get(&a, OPT_WIDTH), cli_opt_get(&a, OPT_OUTPUT),
		                      cli_opt_has(&a, OPT_PRINT), &d);
	if (rc == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK ||
		    (rc = repair_form(c->st, a.pos[0], &doc, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else {
			d.o.page_lines = (int)store_setting_int(c->st, "report_page_lines", REPORT_PAGE_LINES);
			if (d.o.page_lines < 20)
				d.o.page_lines = 20;
			rc = cli_docout_write(c, &d, doc);
			if (rc != SD_OK)
				rc = c->err.status ? cli_fail(c) : rc;
		}
	}
	doc_free(doc);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- repair */

int
cli_repair(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "list", rp_list }, { "show", rp_show }, { "issue", rp_issue }, { "form", rp_form },
		{ "loans", rp_loans },
	};

	if (argc < 1)
		return cli_usage("repair", "%s", _("a subcommand is required (see 'servdesk repair --help')"));
	for (size_t i = 0; i < SD_ARRAY_LEN(rsteps); i++)
		if (strcmp(raw[0], rsteps[i].name) == 0)
			return rp_step(c, &rsteps[i], argc - 1, argv + 1, raw + 1);
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk repair SUBCOMMAND RMNO ...\n"
"Factory repair orders (返厂维修), opened with 'servdesk ledger repair', and\n"
"the loan units out. 'servdesk repair SUBCOMMAND --help' describes each.\n"
"States: received -> in repair -> repaired | scrapped -> returned.\n"
"\n"
"  list    list the orders (--away: the products at the factory)\n"
"  show    show one order with its steps, record and parts\n"
"  start   the workshop began the repair\n"
"  done    the repair is finished, with the workshop's record\n"
"  scrap   the product is not worth repairing\n"
"  return  the product was sent back (carrier and waybill)\n"
"  issue   issue parts from the store to the order\n"
"  form    the repair commission (委托维修单) to print\n"
"  loans   list the loan units out\n"));
	if (!argv[0])
		return cli_usage("repair", "%s", _("invalid argument"));
	return cli_usage("repair", _("unknown subcommand '%s'"), argv[0]);
}
