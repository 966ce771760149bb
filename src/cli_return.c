/*
 * cli_return.c — returns and exchanges (退换货) on the command line: the
 * `return` commands (add, list, show, the steps, the 产品质量退换通知单).
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
#include "out.h"
#include "report.h"
#include "returns.h"
#include "store.h"
#include "text.h"

enum {
	OPT_ENTRY = 1, OPT_COMPLAINT, OPT_KIND, OPT_PART, OPT_SERIAL, OPT_QTY, OPT_REPLACEMENT,
	OPT_CAUSE, OPT_TEXT, OPT_ON, OPT_NOTE, OPT_VERSION, OPT_DISPOSITION, OPT_REPAIR, OPT_OPEN,
	OPT_STATE, OPT_FORMAT, OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT
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

/* ---------------------------------------------------------------- return add */

static int
rt_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "entry", 0, true, false, OPT_ENTRY },
		{ "complaint", 0, true, false, OPT_COMPLAINT },
		{ "kind", 0, true, false, OPT_KIND },
		{ "part", 0, true, false, OPT_PART },
		{ "serial", 0, true, false, OPT_SERIAL },
		{ "qty", 0, true, false, OPT_QTY },
		{ "replacement", 0, true, false, OPT_REPLACEMENT },
		{ "cause", 0, true, false, OPT_CAUSE },
		{ "text", 0, true, false, OPT_TEXT },
		{ "on", 0, true, false, OPT_ON },
		OPT_END
	};
	const char *cmd = "return add";
	sd_return_new n = { 0 };
	char thno[24];
	const char *v;
	long qty = 1, complaint = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk return add (--entry REGNO | --complaint N) --kind return|exchange\n"
"           (--part PART_NO | --serial SERIAL) [--qty N] [--replacement PART_NO]\n"
"           --cause CAUSE [--text TEXT] [--on YYYY-MM-DD]\n"
"Raise a return (退货) or exchange (换货) of a product on a ledger entry or\n"
"a complaint. Prints its number THYYYYMM-NNNN (gapless in each month). It\n"
"waits for the supervisor's approval. Operators, engineers and the\n"
"supervisor may.\n"
"\n"
"  --entry        the ledger entry (not closed)\n"
"  --complaint    the complaint's number (its ledger entry, if any, is used)\n"
"  --kind         return or exchange (required)\n"
"  --part         the product: a part number of the store, or\n"
"  --serial       the product: an equipment serial number\n"
"  --qty          how many (default 1)\n"
"  --replacement  exchange: the part issued in its place (default --part;\n"
"                 required with --serial)\n"
"  --cause        quality, wrong_delivery, transport, changed_mind or other\n"
"                 (required)\n"
"  --text         the description (required with other)\n"
"  --on           the date raised (default today)\n"));
	}
	if (a.npos != 0)
		rc = cli_usage(cmd, "%s", _("no arguments expected"));
	else if (!(v = cli_opt_get(&a, OPT_KIND)))
		rc = cli_need_opt(cmd, "kind");
	else if ((n.kind = return_kind_parse(v)) < 0)
		rc = cli_usage(cmd, _("invalid value '%s' for '--%s'"), v, "kind");
	else if (!(v = cli_opt_get(&a, OPT_CAUSE)))
		rc = cli_need_opt(cmd, "cause");
	else if ((n.cause = return_cause_parse(v)) < 0)
		rc = cli_usage(cmd, _("invalid value '%s' for '--%s'"), v, "cause");
	else if ((v = cli_opt_get(&a, OPT_QTY)) && (rc = parse_num(cmd, "qty", v, 1, 9999, &qty)) != SD_OK)
		;
	else if ((v = cli_opt_get(&a, OPT_COMPLAINT)) &&
	         (rc = parse_num(cmd, "complaint", v, 1, LONG_MAX, &complaint)) != SD_OK)
		;
	else if (!cli_opt_has(&a, OPT_ENTRY) && !complaint)
		rc = cli_usage(cmd, "%s", _("--entry REGNO or --complaint N expected"));
	else if (cli_opt_has(&a, OPT_PART) == cli_opt_has(&a, OPT_SERIAL))
		rc = cli_usage(cmd, "%s", _("--part PART_NO or --serial SERIAL expected (one of them)"));
	if (rc == SD_OK) {
		n.regno = cli_opt_get(&a, OPT_ENTRY);
		n.complaint_id = complaint;
		n.part_no = cli_opt_get(&a, OPT_PART);
		n.serial = cli_opt_get(&a, OPT_SERIAL);
		n.qty = qty;
		n.replacement = cli_opt_get(&a, OPT_REPLACEMENT);
		n.cause_text = cli_opt_get(&a, OPT_TEXT);
		n.on = cli_opt_get(&a, OPT_ON);
		if ((rc = cli_open(c, false)) != SD_OK || (rc = return_raise(c->st, &n, thno, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else
			rc = cli_finish_output(c, out_printf(stdout, "%s\n", thno));
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- the steps */

static const struct tstep {
	const char *name;
	int step;
	const char *help;
} tsteps[] = {
	{ "approve", RTSTEP_APPROVE, N_(
"Usage: servdesk return approve THNO [--note TEXT] [--on YYYY-MM-DD] [--version N]\n"
"Approve a return or exchange (awaiting approval -> approved). Only the\n"
"supervisor may.\n"
"\n"
"  --note     the approval's remark\n"
"  --on       the date (default today)\n"
"  --version  the version you last saw: refused if it changed since\n") },
	{ "refuse", RTSTEP_REFUSE, N_(
"Usage: servdesk return refuse THNO --note TEXT [--on YYYY-MM-DD] [--version N]\n"
"Refuse a return or exchange (awaiting approval -> refused; final). Only the\n"
"supervisor may.\n"
"\n"
"  --note     why (required)\n"
"  --on, --version  as for 'return approve'\n") },
	{ "receive", RTSTEP_RECEIVE, N_(
"Usage: servdesk return receive THNO [--on YYYY-MM-DD] [--version N]\n"
"Carry out an approved return or exchange: the product was received back;\n"
"for an exchange the replacement is issued from the store to the ledger\n"
"entry in the same step (refused when the store has too few). The\n"
"storekeeper and the supervisor may.\n"
"\n"
"  --on, --version  as for 'return approve'\n") },
	{ "close", RTSTEP_CLOSE, N_(
"Usage: servdesk return close THNO --disposition restock|repair|scrap|supplier\n"
"           [--repair RMNO] [--note TEXT] [--on YYYY-MM-DD] [--version N]\n"
"Close a return or exchange carried out, with what became of the returned\n"
"product: restock (received back into the store at the replacement's cost,\n"
"else the average cost; parts only), repair (--repair names the repair\n"
"order, if any), scrap, or supplier (returned to the supplier). The\n"
"storekeeper and the supervisor may.\n"
"\n"
"  --disposition  what became of the product (required)\n"
"  --repair       with repair: the repair order's number\n"
"  --note         a remark\n"
"  --on, --version  as for 'return approve'\n") },
};

static int
rt_step(cli *c, const struct tstep *s, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "note", 0, true, false, OPT_NOTE },
		{ "version", 0, true, false, OPT_VERSION },
		{ "disposition", 0, true, false, OPT_DISPOSITION },
		{ "repair", 0, true, false, OPT_REPAIR },
		OPT_END
	};
	char cmd[32];
	sd_return_args ra = { .disposition = -1 };
	long version = -1;
	const char *v;
	cli_args a;
	int rc;

	snprintf(cmd, sizeof cmd, "return %s", s->name);
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(s->help));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("THNO expected"));
	else if ((v = cli_opt_get(&a, OPT_VERSION)))
		rc = parse_num(cmd, "version", v, 0, INT_MAX, &version);
	if (rc == SD_OK && s->step != RTSTEP_CLOSE &&
	    (cli_opt_has(&a, OPT_DISPOSITION) || cli_opt_has(&a, OPT_REPAIR)))
		rc = cli_usage(cmd, "%s", _("--disposition and --repair apply to 'return close' only"));
	if (rc == SD_OK && s->step == RTSTEP_RECEIVE && cli_opt_has(&a, OPT_NOTE))
		rc = cli_usage(cmd, "%s", _("--note does not apply to 'return receive'"));
	if (rc == SD_OK && s->step == RTSTEP_CLOSE) {
		if (!(v = cli_opt_get(&a, OPT_DISPOSITION)))
			rc = cli_need_opt(cmd, "disposition");
		else if ((ra.disposition = return_disp_parse(v)) < 0)
			rc = cli_usage(cmd, _("invalid value '%s' for '--%s'"), v, "disposition");
		else if (cli_opt_has(&a, OPT_REPAIR) && ra.disposition != RD_REPAIR)
			rc = cli_usage(cmd, "%s", _("--repair applies to the disposition repair only"));
	}
	if (rc == SD_OK) {
		ra.on = cli_opt_get(&a, OPT_ON);
		ra.note = cli_opt_get(&a, OPT_NOTE);
		ra.repair_no = cli_opt_get(&a, OPT_REPAIR);
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = return_step(c->st, a.pos[0], s->step, &ra, (int)version, &c->err)) != SD_OK)
			rc = cli_fail(c);
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- return list */

static const char *const list_csv_heads[] = {
	"thno", "kind", "regno", "complaint", "customer", "serial", "part_no", "product", "qty",
	"cause", "state", "raised_on", "decided_on", "received_on", "closed_on", "disposition", "version"
};

static void
list_row(cli_list *l, const void *row)
{
	const sd_return *r = row;
	char qty[24], version[16], complaint[24] = "";
	const char *item = r->part_no ? r->part_no : r->serial ? r->serial : "";

	snprintf(qty, sizeof qty, "%ld", r->qty);
	snprintf(version, sizeof version, "%d", r->version);
	if (r->complaint_id > 0)
		snprintf(complaint, sizeof complaint, "%lld", r->complaint_id);
	if (l->fmt == FMT_TABLE) {
		const char *cells[9] = {
			r->thno, return_kind_name(r->kind), r->regno[0] ? r->regno : complaint, r->customer, item,
			qty, return_cause_name(r->cause), return_state_name(r->state), r->raised_on
		};
		out_table_add(l->table, cells);
	} else if (l->fmt == FMT_CSV) {
		const char *cells[17] = {
			r->thno, return_kind_code(r->kind), r->regno, complaint, r->customer ? r->customer : "",
			r->serial ? r->serial : "", r->part_no ? r->part_no : "", r->product ? r->product : "",
			qty, return_cause_code(r->cause), return_state_code(r->state), r->raised_on,
			r->decided_on, r->received_on, r->closed_on,
			r->disposition >= 0 ? return_disp_code(r->disposition) : "", version
		};
		csv_put_record(&l->b, cells, 17);
	} else {
		json_obj(&l->j);
		json_kstr(&l->j, "thno", r->thno);
		json_kstr(&l->j, "kind", return_kind_code(r->kind));
		json_kstr(&l->j, "regno", r->regno[0] ? r->regno : NULL);
		if (r->complaint_id > 0)
			json_kint(&l->j, "complaint", r->complaint_id);
		else
			{ json_key(&l->j, "complaint"); json_null(&l->j); }
		json_kstr(&l->j, "customer", r->customer);
		json_kstr(&l->j, "serial", r->serial);
		json_kstr(&l->j, "part_no", r->part_no);
		json_kstr(&l->j, "product", r->product);
		json_kint(&l->j, "qty", r->qty);
		json_kstr(&l->j, "cause", return_cause_code(r->cause));
		json_kstr(&l->j, "state", return_state_code(r->state));
		json_kstr(&l->j, "raised_on", r->raised_on);
		json_kstr(&l->j, "closed_on", r->closed_on[0] ? r->closed_on : NULL);
		json_kstr(&l->j, "disposition", r->disposition >= 0 ? return_disp_code(r->disposition) : NULL);
		json_kint(&l->j, "version", r->version);
		json_end(&l->j);
	}
	l->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max, void *rows, int *n)
{
	return return_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	return_free(row);
}

static const struct cli_pager list_pager = { sizeof(sd_return), list_page, list_row, list_free };

static int
rt_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "open", 0, false, false, OPT_OPEN },
		{ "state", 0, true, false, OPT_STATE },
		{ "entry", 0, true, false, OPT_ENTRY },
		{ "complaint", 0, true, false, OPT_COMPLAINT },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "return list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_return_query q = { .state = -1 };
	const char *v;
	long complaint = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk return list [--open] [--state STATE] [--entry REGNO] [--complaint N]\n"
"           [--format table|csv|json]\n"
"List the returns and exchanges in the order they were raised.\n"
"\n"
"  --open       only those neither closed nor refused\n"
"  --state      requested, approved, refused, received or closed\n"
"  --entry      only those of ledger entry REGNO\n"
"  --complaint  only those of complaint N\n"
"  --format     table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK)
		goto out;
	if ((v = cli_opt_get(&a, OPT_STATE)) && (q.state = return_state_parse(v)) < 0) {
		rc = cli_usage(cmd, _("invalid value '%s' for '--%s'"), v, "state");
		goto out;
	}
	if ((v = cli_opt_get(&a, OPT_COMPLAINT)) &&
	    (rc = parse_num(cmd, "complaint", v, 1, LONG_MAX, &complaint)) != SD_OK)
		goto out;
	q.open_only = cli_opt_has(&a, OPT_OPEN);
	q.regno = cli_opt_get(&a, OPT_ENTRY);
	q.complaint_id = complaint;
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[9] = {
			_("Return no."), _("Kind"), _("Entry or complaint"), _("Customer"), _("Product"),
			_("Quantity"), _("Cause"), _("State"), _("Raised on")
		};
		static const int caps[9] = { 0, 0, 0, 24, 20, 0, 14, 0, 0 };
		t = out_table_new(9, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
out:
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- return show */

/* One "Label:  value" line; NULL is empty. */
static void
line(buf *b, const char *label, const char *value, int w)
{
	out_label_line(b, label, value ? value : "", w);
}

static int
rt_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "return show";
	int fmt = FMT_TEXT;
	sd_return r;
	buf b = { 0 }, tmp = { 0 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk return show THNO [--format text|json]\n"
"Show a return or exchange: the entry or complaint, the product, the cause,\n"
"the approval, its carrying out and the disposition, each with its date and\n"
"person.\n"
"\n"
"  --format  text (default) or json\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("THNO expected"));
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 1u << FMT_TEXT | 1u << FMT_JSON, &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK ||
	    (rc = return_get(c->st, a.pos[0], &r, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	cli_args_free(&a);
	if (fmt == FMT_JSON) {
		sd_json j;

		json_start(&j, &b);
		json_obj(&j);
		json_kstr(&j, "thno", r.thno);
		json_kstr(&j, "kind", return_kind_code(r.kind));
		json_kstr(&j, "regno", r.regno[0] ? r.regno : NULL);
		if (r.complaint_id > 0)
			json_kint(&j, "complaint", r.complaint_id);
		else
			{ json_key(&j, "complaint"); json_null(&j); }
		json_kstr(&j, "customer", r.customer);
		json_kstr(&j, "serial", r.serial);
		json_kstr(&j, "part_no", r.part_no);
		json_kstr(&j, "product", r.product);
		json_kint(&j, "qty", r.qty);
		json_kstr(&j, "replacement", r.kind == RK_EXCHANGE ? (r.replacement ? r.replacement : r.part_no) : NULL);
		json_kstr(&j, "cause", return_cause_code(r.cause));
		json_kstr(&j, "cause_text", r.cause_text);
		json_kstr(&j, "state", return_state_code(r.state));
		json_kint(&j, "version", r.version);
		json_kstr(&j, "raised_on", r.raised_on);
		json_kstr(&j, "raised_by", r.raised_by);
		json_kstr(&j, "decided_on", r.decided_on[0] ? r.decided_on : NULL);
		json_kstr(&j, "decided_by", r.decided_by);
		json_kstr(&j, "decision_note", r.decision_note);
		json_kstr(&j, "received_on", r.received_on[0] ? r.received_on : NULL);
		json_kstr(&j, "received_by", r.received_by);
		json_kstr(&j, "closed_on", r.closed_on[0] ? r.closed_on : NULL);
		json_kstr(&j, "closed_by", r.closed_by);
		json_kstr(&j, "disposition", r.disposition >= 0 ? return_disp_code(r.disposition) : NULL);
		json_kstr(&j, "repair_no", r.repair_no);
		json_kstr(&j, "close_note", r.close_note);
		json_end(&j);
		buf_putc(&b, '\n');
		rc = out_raw(stdout, buf_str(&b), b.len);
	} else {
		const char *labels[] = {
			_("Return no."), _("Kind"), _("Register no."), _("Complaint no."), _("Customer"),
			_("Product"), _("Serial no."), _("Part no."), _("Quantity"), _("Replacement part"),
			_("Cause"), _("Details of the cause"), _("State"), _("Version"), _("Raised"), _("Approval"),
			_("Approval remark"), _("Received back"), _("Closed"), _("Disposition"),
			_("Repair order no."), _("Remarks")
		};
		int w = out_label_width(labels, SD_ARRAY_LEN(labels));
		char n[32];
		size_t i = 0;

#define LINE(val) line(&b, labels[i++], (val), w)
#define SIG(who, on) do { buf_reset(&tmp); if ((on)[0]) buf_printf(&tmp, "%s%s%s", (on), text_sep_item(), (who) ? (who) : ""); \
	LINE(buf_str(&tmp)); } while (0)
		LINE(r.thno);
		LINE(return_kind_name(r.kind));
		LINE(r.regno);
		n[0] = '\0';
		if (r.complaint_id > 0)
			snprintf(n, sizeof n, "%lld", r.complaint_id);
		LINE(n);
		LINE(r.customer);
		LINE(r.product);
		LINE(r.serial);
		LINE(r.part_no);
		snprintf(n, sizeof n, "%ld", r.qty);
		LINE(n);
		LINE(r.kind == RK_EXCHANGE ? (r.replacement ? r.replacement : r.part_no) : NULL);
		LINE(return_cause_name(r.cause));
		LINE(r.cause_text);
		LINE(return_state_name(r.state));
		snprintf(n, sizeof n, "%d", r.version);
		LINE(n);
		SIG(r.raised_by, r.raised_on);
		buf_reset(&tmp);
		if (r.decided_on[0])
			buf_printf(&tmp, "%s%s%s%s%s", r.state == RTS_REFUSED ? _("refused") : _("approved"), text_sep_item(),
			           r.decided_on, text_sep_item(), r.decided_by ? r.decided_by : "");
		LINE(buf_str(&tmp));
		LINE(r.decision_note);
		SIG(r.received_by, r.received_on);
		SIG(r.closed_by, r.closed_on);
		LINE(r.disposition >= 0 ? return_disp_name(r.disposition) : NULL);
		LINE(r.repair_no);
		LINE(r.close_note);
#undef LINE
#undef SIG
		rc = out_write(stdout, buf_str(&b), b.len);
	}
	buf_free(&b);
	buf_free(&tmp);
	return_free(&r);
	return cli_finish_output(c, rc);
}

/* ---------------------------------------------------------------- return form */

static int
rt_form(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		OPT_END
	};
	const char *cmd = "return form";
	cli_docout d;
	sd_doc *doc = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk return form THNO [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The product return and exchange notice (产品质量退换通知单) of THNO in two\n"
"parts: the service centre's copy and the store's copy, with a cut line\n"
"between them.\n"
"\n"
"  --format     text (default), csv, json, xlsx or pdf (xlsx and pdf only\n"
"               with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE\n"
"  --print      send it to the print command (the setting print_command)\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("THNO expected"));
	else
		rc = cli_docout_parse(cmd, cli_opt_get(&a, OPT_FORMAT), cli_opt_get(&a, OPT_ENCODING),
		                      cli_opt_get(&a, OPT_WIDTH), cli_opt_get(&a, OPT_OUTPUT),
		                      cli_opt_has(&a, OPT_PRINT), &d);
	if (rc == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_LOOK, cmd)) != SD_OK ||
		    (rc = return_form(c->st, a.pos[0], &doc, &c->err)) != SD_OK)
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

/* ---------------------------------------------------------------- return */

int
cli_return(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "add", rt_add }, { "list", rt_list }, { "show", rt_show }, { "form", rt_form },
	};

	if (argc < 1)
		return cli_usage("return", "%s", _("a subcommand is required (see 'servdesk return --help')"));
	for (size_t i = 0; i < SD_ARRAY_LEN(tsteps); i++)
		if (strcmp(raw[0], tsteps[i].name) == 0)
			return rt_step(c, &tsteps[i], argc - 1, argv + 1, raw + 1);
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk return SUBCOMMAND ...\n"
"Returns (退货) and exchanges (换货) of products, raised on a ledger entry or\n"
"a complaint. 'servdesk return SUBCOMMAND --help' describes each.\n"
"States: requested -> approved | refused; approved -> received -> closed.\n"
"Raise: operators, engineers, the supervisor; approve and refuse: the\n"
"supervisor; receive and close (the stock sides): the storekeeper and the\n"
"supervisor.\n"
"\n"
"  add      raise a return or exchange\n"
"  list     list them (--open: neither closed nor refused)\n"
"  show     show one with its approval and steps\n"
"  approve  the supervisor approves it\n"
"  refuse   the supervisor refuses it (with the reason)\n"
"  receive  the product is back; an exchange's replacement is issued\n"
"  close    what became of the product (restock, repair, scrap, supplier)\n"
"  form     the return and exchange notice (产品质量退换通知单) to print\n"));
	if (!argv[0])
		return cli_usage("return", "%s", _("invalid argument"));
	return cli_usage("return", _("unknown subcommand '%s'"), argv[0]);
}
