/*
 * cli_quote.c — quotations (报价单) on the command line: `ledger quote` on an
 * entry, and the `quote` commands (list, show, send, accept, refuse, form).
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
#include "quote.h"
#include "report.h"
#include "store.h"
#include "text.h"

enum {
	OPT_LINE = 1, OPT_VALID_DAYS, OPT_REPAIR_TIME, OPT_REPAIR_DAYS, OPT_NOTE, OPT_ON, OPT_VERSION,
	OPT_PERSON, OPT_HOW, OPT_REMARK, OPT_ENTRY, OPT_STATE, OPT_FORMAT, OPT_ENCODING, OPT_WIDTH,
	OPT_OUTPUT, OPT_PRINT
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

/* ---------------------------------------------------------------- ledger quote */

int
cli_ledger_quote(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "line", 0, true, false, OPT_LINE },
		{ "valid-days", 0, true, false, OPT_VALID_DAYS },
		{ "repair-time", 0, true, false, OPT_REPAIR_TIME },
		{ "repair-days", 0, true, false, OPT_REPAIR_DAYS },
		{ "note", 0, true, false, OPT_NOTE },
		OPT_END
	};
	const char *cmd = "ledger quote";
	sd_quote_line_in lines[QUOTE_MAX_LINES];
	char *copies[QUOTE_MAX_LINES];
	sd_quote_new n = { 0 };
	char qno[24];
	const char *v;
	long valid = 0, days = 0;
	int nlines = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger quote REGNO --line LINE [--line LINE ...]\n"
"           [--valid-days N] [--repair-time YYYY-MM-DD[ HH:MM]] [--repair-days N]\n"
"           [--note TEXT]\n"
"Make a quotation (报价单) for chargeable work on entry REGNO, as a draft.\n"
"Prints its number QTYYYYMM-NNNN (gapless in each month). Who pays each\n"
"line is decided as for a charge line on the planned repair day (today when\n"
"none): a service contract, the warranty tier and the cause of the fault.\n"
"After a refused or expired quotation the new one is its revision.\n"
"Engineers and the supervisor may.\n"
"\n"
"  --line         one planned line (up to 50), amounts in yuan:\n"
"                   labour:HOURS:RATE      e.g. labour:8:150\n"
"                   travel:AMOUNT          or travel:TRIPS:PRICE\n"
"                   lodging:AMOUNT         or lodging:NIGHTS:RATE\n"
"                   parts:PART_NO[:QTY]    at the parts master's average cost\n"
"  --valid-days   days it is valid from today (default: the setting\n"
"                 quote_valid_days, 30)\n"
"  --repair-time  the planned repair (预计维修时间), not before today\n"
"  --repair-days  how many days the repair is planned to take\n"
"  --note         remarks printed on the quotation\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("REGNO expected"));
	else if ((v = cli_opt_get(&a, OPT_VALID_DAYS)))
		rc = parse_num(cmd, "valid-days", v, 1, 365, &valid);
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_REPAIR_DAYS)))
		rc = parse_num(cmd, "repair-days", v, 1, 365, &days);
	for (int i = 0; rc == SD_OK && i < a.nopt; i++) {
		if (a.opt[i].id != OPT_LINE)
			continue;
		if (nlines == QUOTE_MAX_LINES) {
			rc = cli_usage(cmd, _("at most %d lines"), QUOTE_MAX_LINES);
			break;
		}
		copies[nlines] = xstrdup(a.opt[i].val ? a.opt[i].val : "");
		if (quote_line_parse(copies[nlines], &lines[nlines], &c->err) != SD_OK) {
			free(copies[nlines]);
			rc = cli_usage(cmd, "%s", c->err.msg);
			break;
		}
		nlines++;
	}
	if (rc == SD_OK && nlines == 0)
		rc = cli_need_opt(cmd, "line");
	if (rc == SD_OK) {
		n.regno = a.pos[0];
		n.lines = lines;
		n.nlines = nlines;
		n.valid_days = (int)valid;
		n.repair_time = cli_opt_get(&a, OPT_REPAIR_TIME);
		n.repair_days = (int)days;
		n.note = cli_opt_get(&a, OPT_NOTE);
		if ((rc = cli_open(c, false)) != SD_OK || (rc = quote_make(c->st, &n, qno, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else
			rc = cli_finish_output(c, out_printf(stdout, "%s\n", qno));
	}
	for (int i = 0; i < nlines; i++)
		free(copies[i]);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- send, accept, refuse */

static int
qt_change(cli *c, const char *name, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "version", 0, true, false, OPT_VERSION },
		{ "person", 0, true, false, OPT_PERSON },
		{ "how", 0, true, false, OPT_HOW },
		{ "remark", 0, true, false, OPT_REMARK },
		OPT_END
	};
	bool send = strcmp(name, "send") == 0, accept = strcmp(name, "accept") == 0;
	char cmd[32];
	long version = -1;
	const char *v;
	cli_args a;
	int rc;

	snprintf(cmd, sizeof cmd, "quote %s", name);
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (send)
			return cli_print_help(_(
"Usage: servdesk quote send QTNO [--on YYYY-MM-DD] [--version N]\n"
"The quotation was sent to the customer (draft -> sent), within its\n"
"validity. Engineers and the supervisor may.\n"
"\n"
"  --on       the date sent (default today)\n"
"  --version  the version you last saw: refused if it changed since\n"));
		return cli_print_help(accept ? _(
"Usage: servdesk quote accept QTNO --person NAME --how HOW [--remark TEXT]\n"
"           [--on YYYY-MM-DD] [--version N]\n"
"The customer accepted the quotation (sent -> accepted), within its\n"
"validity. Operators, engineers and the supervisor may.\n"
"\n"
"  --person   who answered for the customer (required)\n"
"  --how      phone, fax, letter, visit or e-mail (required)\n"
"  --remark   what else was said\n"
"  --on       the date of the answer (default today)\n"
"  --version  the version you last saw: refused if it changed since\n") : _(
"Usage: servdesk quote refuse QTNO --person NAME --how HOW [--remark TEXT]\n"
"           [--on YYYY-MM-DD] [--version N]\n"
"The customer refused the quotation (sent -> refused). A new quotation for\n"
"the entry ('servdesk ledger quote') is then its revision. Operators,\n"
"engineers and the supervisor may.\n"
"\n"
"  --person, --how, --remark, --on, --version  as for 'quote accept'\n"
"               (--remark: why it was refused)\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("QTNO expected"));
	else if ((v = cli_opt_get(&a, OPT_VERSION)))
		rc = parse_num(cmd, "version", v, 0, INT_MAX, &version);
	if (rc == SD_OK && send &&
	    (cli_opt_has(&a, OPT_PERSON) || cli_opt_has(&a, OPT_HOW) || cli_opt_has(&a, OPT_REMARK)))
		rc = cli_usage(cmd, "%s", _("--person, --how and --remark apply to 'quote accept' and 'quote refuse' only"));
	if (rc == SD_OK && send) {
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = quote_send(c->st, a.pos[0], cli_opt_get(&a, OPT_ON), (int)version, &c->err)) != SD_OK)
			rc = cli_fail(c);
	} else if (rc == SD_OK) {
		sd_quote_answer ans = { .accepted = accept };

		ans.person = cli_opt_get(&a, OPT_PERSON);
		ans.remark = cli_opt_get(&a, OPT_REMARK);
		ans.on = cli_opt_get(&a, OPT_ON);
		if (!ans.person)
			rc = cli_need_opt(cmd, "person");
		else if (!(v = cli_opt_get(&a, OPT_HOW)))
			rc = cli_need_opt(cmd, "how");
		else if ((ans.how = quote_how_parse(v)) < 0)
			rc = cli_usage(cmd, _("unknown way '%s' (phone, fax, letter, visit or e-mail)"), v);
		else if ((rc = cli_open(c, false)) != SD_OK ||
		         (rc = quote_answer(c->st, a.pos[0], &ans, (int)version, &c->err)) != SD_OK)
			rc = cli_fail(c);
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- quote list */

static const char *const list_csv_heads[] = {
	"qno", "regno", "customer", "serial", "state", "made_on", "valid_until", "total", "customer_pays",
	"revision_of", "version"
};

static void
list_row(cli_list *l, const void *row)
{
	const sd_quote *r = row;
	char total[32], pays[32], version[16];

	money_format(r->total_fen, total);
	money_format(r->payable_fen, pays);
	snprintf(version, sizeof version, "%d", r->version);
	if (l->fmt == FMT_TABLE) {
		const char *cells[8] = {
			r->qno, r->regno, r->customer, quote_state_name(r->state), r->made_on, r->valid_until,
			total, pays
		};
		out_table_add(l->table, cells);
	} else if (l->fmt == FMT_CSV) {
		const char *cells[11] = {
			r->qno, r->regno, r->customer ? r->customer : "", r->serial ? r->serial : "",
			quote_state_code(r->state), r->made_on, r->valid_until, total, pays, r->revision_of, version
		};
		csv_put_record(&l->b, cells, 11);
	} else {
		json_obj(&l->j);
		json_kstr(&l->j, "qno", r->qno);
		json_kstr(&l->j, "regno", r->regno);
		json_kstr(&l->j, "customer", r->customer);
		json_kstr(&l->j, "serial", r->serial);
		json_kstr(&l->j, "state", quote_state_code(r->state));
		json_kstr(&l->j, "made_on", r->made_on);
		json_kstr(&l->j, "valid_until", r->valid_until);
		json_kmoney(&l->j, "total", r->total_fen);
		json_kmoney(&l->j, "customer_pays", r->payable_fen);
		json_kstr(&l->j, "revision_of", r->revision_of[0] ? r->revision_of : NULL);
		json_kint(&l->j, "version", r->version);
		json_end(&l->j);
	}
	l->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max, void *rows, int *n)
{
	return quote_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	quote_free(row);
}

static const struct cli_pager list_pager = { sizeof(sd_quote), list_page, list_row, list_free };

static int
qt_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "entry", 0, true, false, OPT_ENTRY },
		{ "state", 0, true, false, OPT_STATE },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "quote list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_quote_query q = { .state = -1 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk quote list [--entry REGNO] [--state STATE] [--format table|csv|json]\n"
"List the quotations in order of their date, with their state, total and\n"
"what the customer pays.\n"
"\n"
"  --entry   only the quotations of ledger entry REGNO\n"
"  --state   draft, sent, accepted, refused or expired\n"
"  --format  table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((v = cli_opt_get(&a, OPT_STATE)) && (q.state = quote_state_parse(v)) < 0) {
		rc = cli_usage(cmd, _("unknown state '%s' (draft, sent, accepted, refused or expired)"), v);
		cli_args_free(&a);
		return rc;
	}
	q.regno = cli_opt_get(&a, OPT_ENTRY);
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[8] = {
			_("Quotation no."), _("Register no."), _("Customer"), _("State"), _("Date"), _("Valid until"),
			_("Total"), _("Customer pays")
		};
		static const int caps[8] = { 0, 0, 24, 0, 0, 0, 0, 0 };
		t = out_table_new(8, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- show, form */

/* show: the quotation's document, text or JSON; form: any format, to a file or the printer. */
static int
qt_doc(cli *c, bool show, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		OPT_END
	};
	const char *cmd = show ? "quote show" : "quote form";
	const char *fmt;
	cli_docout d;
	sd_doc *doc = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (show)
			return cli_print_help(_(
"Usage: servdesk quote show QTNO [--format text|json]\n"
"Show a quotation: the entry, its lines with who pays each and why, the\n"
"totals, its validity, the planned repair and the customer's answer.\n"
"\n"
"  --format  text (default) or json\n"));
		return cli_print_help(_(
"Usage: servdesk quote form QTNO [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The quotation (报价单) to send to the customer: customer, equipment, the\n"
"planned lines with who pays and why, totals in yuan, validity, planned\n"
"repair time and a place for the customer's signature.\n"
"\n"
"  --format     text (default), csv, json, xlsx or pdf (xlsx and pdf only\n"
"               with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE\n"
"  --print      send it to the print command (the setting print_command)\n"));
	}
	fmt = cli_opt_get(&a, OPT_FORMAT);
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("QTNO expected"));
	else if (show && (cli_opt_has(&a, OPT_OUTPUT) || cli_opt_has(&a, OPT_PRINT) ||
	                  cli_opt_has(&a, OPT_ENCODING) || cli_opt_has(&a, OPT_WIDTH)))
		rc = cli_usage(cmd, "%s", _("to write or print a quotation use 'servdesk quote form'"));
	else if (show && fmt && strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		rc = cli_usage(cmd, _("unknown format '%s'"), fmt);
	else
		rc = cli_docout_parse(cmd, fmt, cli_opt_get(&a, OPT_ENCODING), cli_opt_get(&a, OPT_WIDTH),
		                      cli_opt_get(&a, OPT_OUTPUT), cli_opt_has(&a, OPT_PRINT), &d);
	if (rc == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK ||
		    (rc = quote_form(c->st, a.pos[0], &doc, &c->err)) != SD_OK)
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

static int
qt_show(cli *c, int argc, char **argv, char **raw)
{
	return qt_doc(c, true, argc, argv, raw);
}

static int
qt_form(cli *c, int argc, char **argv, char **raw)
{
	return qt_doc(c, false, argc, argv, raw);
}

/* ---------------------------------------------------------------- quote */

int
cli_quote(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "list", qt_list }, { "show", qt_show }, { "form", qt_form },
	};
	static const char *const changes[] = { "send", "accept", "refuse" };

	if (argc < 1)
		return cli_usage("quote", "%s", _("a subcommand is required (see 'servdesk quote --help')"));
	for (size_t i = 0; i < SD_ARRAY_LEN(changes); i++)
		if (strcmp(raw[0], changes[i]) == 0)
			return qt_change(c, changes[i], argc - 1, argv + 1, raw + 1);
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk quote SUBCOMMAND QTNO ...\n"
"Quotations (报价单) for chargeable work, made with 'servdesk ledger quote'.\n"
"'servdesk quote SUBCOMMAND --help' describes each.\n"
"States: draft -> sent -> accepted | refused; a draft or sent quotation\n"
"past its last valid day is expired. A charge the customer pays needs the\n"
"entry's latest quotation accepted ('servdesk ledger charge --without-quote'\n"
"to charge without one).\n"
"\n"
"  list    list the quotations (--entry, --state)\n"
"  show    show one quotation with its lines and the customer's answer\n"
"  send    the quotation was sent to the customer\n"
"  accept  the customer accepted it\n"
"  refuse  the customer refused it\n"
"  form    the quotation to print or send (报价单)\n"));
	if (!argv[0])
		return cli_usage("quote", "%s", _("invalid argument"));
	return cli_usage("quote", _("unknown subcommand '%s'"), argv[0]);
}
