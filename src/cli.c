/*
 * cli.c — the command line: option parsing, dispatch, and the commands
 * init, staff, import and export. The request commands are in cli_request.c.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "check.h"
#include "customer.h"
#include "stock.h"
#include "common.h"
#include "csv.h"
#include "demo.h"
#include "enc.h"
#include "export_doc.h"
#include "intake.h"
#include "intake_csv.h"
#include "ledger.h"
#include "ofile.h"
#include "out.h"
#include "report.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "visit.h"

/* ---------------------------------------------------------------- parser */

int
cli_usage(const char *cmd, const char *fmt, ...)
{
	buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (cmd && *cmd)
		out_error(_("%s: %s; try 'servdesk %s --help'"), cmd, buf_str(&b), cmd);
	else
		out_error(_("%s; try 'servdesk --help'"), buf_str(&b));
	buf_free(&b);
	return SD_USAGE;
}

static const struct cli_opt *
find_long(const struct cli_opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len && memcmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static const struct cli_opt *
find_short(const struct cli_opt *opts, char c)
{
	for (; opts && opts->name; opts++)
		if (opts->shortname && opts->shortname == c)
			return opts;
	return NULL;
}

static void
push_opt(cli_args *out, int id, const char *val)
{
	out->opt = xrealloc(out->opt, (size_t)(out->nopt + 1) * sizeof *out->opt);
	out->opt[out->nopt].id = id;
	out->opt[out->nopt].val = val;
	out->nopt++;
}

static int
bad_charset(const char *cmd, int argno)
{
	return cli_usage(cmd, _("argument %d is not valid in the locale's character set"),
	                 argno);
}

static int
parse_args(const char *cmd, const struct cli_opt *opts, const char *posspec,
           int argc, char **argv, char **raw, cli_args *out)
{
	bool opts_done = false;
	size_t maxpos = posspec ? strlen(posspec) : 0;

	memset(out, 0, sizeof *out);
	for (int i = 0; i < argc; i++) {
		const char *a = raw[i];
		const struct cli_opt *o;
		const char *eq = NULL;
		int vi;                 /* index of the argument holding the value */
		size_t off;             /* offset of the value in it (raw) */

		if (!opts_done && strcmp(a, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (opts_done || a[0] != '-' || a[1] == '\0') {
			bool path;

			if ((size_t)out->npos >= maxpos || out->npos >= (int)SD_ARRAY_LEN(out->pos)) {
				if (!argv[i])
					return bad_charset(cmd, i + 1);
				return cli_usage(cmd, _("unexpected argument '%s'"), argv[i]);
			}
			path = posspec[out->npos] == 'p';
			if (!path && !argv[i])
				return bad_charset(cmd, i + 1);
			out->pos[out->npos++] = path ? raw[i] : argv[i];
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			size_t len;

			eq = strchr(name, '=');
			len = eq ? (size_t)(eq - name) : strlen(name);
			if (len == 4 && memcmp(name, "help", 4) == 0 && !eq) {
				out->help = true;
				continue;
			}
			o = find_long(opts, name, len);
			if (!o) {
				if (!argv[i])
					return bad_charset(cmd, i + 1);
				return cli_usage(cmd, _("unknown option '%.*s'"),
				                 (int)(len + 2), argv[i]);
			}
			if (eq && !o->has_arg)
				return cli_usage(cmd, _("option '--%s' takes no value"), o->name);
			if (eq) {
				vi = i;
				off = (size_t)(eq + 1 - a);
			} else if (o->has_arg) {
				if (i + 1 >= argc)
					return cli_usage(cmd, _("option '--%s' requires a value"),
					                 o->name);
				vi = ++i;
				off = 0;
			} else {
				push_opt(out, o->id, NULL);
				continue;
			}
		} else {
			o = find_short(opts, a[1]);
			if (!o) {
				if (!argv[i])
					return bad_charset(cmd, i + 1);
				return cli_usage(cmd, _("unknown option '%s'"), argv[i]);
			}
			if (!o->has_arg) {
				if (a[2])
					return cli_usage(cmd, _("option '-%c' takes no value"), a[1]);
				push_opt(out, o->id, NULL);
				continue;
			}
			if (a[2]) {
				vi = i;
				off = 2;
			} else {
				if (i + 1 >= argc)
					return cli_usage(cmd, _("option '-%c' requires a value"), a[1]);
				vi = ++i;
				off = 0;
			}
		}
		if (o->path) {
			push_opt(out, o->id, raw[vi] + off);
		} else {
			const char *u = argv[vi];

			if (!u)
				return bad_charset(cmd, vi + 1);
			if (off > 0) {
				/* the option name is ASCII: the value starts after the same '=' */
				if (eq) {
					u = strchr(u, '=');
					u = u ? u + 1 : "";
				} else {
					u += off;
				}
			}
			push_opt(out, o->id, u);
		}
	}
	return SD_OK;
}

int
cli_parse(const char *cmd, const struct cli_opt *opts, const char *posspec,
          int argc, char **argv, char **raw, cli_args *out)
{
	int rc = parse_args(cmd, opts, posspec, argc, argv, raw, out);

	if (rc != SD_OK)
		cli_args_free(out);
	return rc;
}

void
cli_args_free(cli_args *a)
{
	free(a->opt);
	memset(a, 0, sizeof *a);
}

const char *
cli_opt_get(const cli_args *a, int id)
{
	const char *v = NULL;

	for (int i = 0; i < a->nopt; i++)
		if (a->opt[i].id == id)
			v = a->opt[i].val;
	return v;
}

bool
cli_opt_has(const cli_args *a, int id)
{
	for (int i = 0; i < a->nopt; i++)
		if (a->opt[i].id == id)
			return true;
	return false;
}

/* ---------------------------------------------------------------- context */

int
cli_fail(cli *c)
{
	if (c->err.status == SD_OK)
		sd_err_set(&c->err, SD_INTERNAL, "%s", _("internal error"));
	out_error("%s", c->err.msg[0] ? c->err.msg : _(sd_status_desc(c->err.status)));
	return c->err.status;
}

int
cli_open(cli *c, bool create)
{
	int rc;

	sd_err_clear(&c->err);
	rc = store_open(c->dbpath,
	                !create ? STORE_OPEN_EXISTING : c->dbdefault ? STORE_OPEN_CREATE_DIRS : STORE_OPEN_CREATE,
	                c->user, &c->st, &c->err);
	/* someone not on the staff list gets nothing, unless the supervisor lets guests look */
	if (rc == SD_OK && !create)
		rc = staff_permit(c->st, c->user, ACT_LOOK, &c->err);
	return rc;
}

int
cli_print_help(const char *text)
{
	sd_err e;

	sd_err_clear(&e);
	out_write(stdout, text, strlen(text));
	if (out_flush(stdout, _("standard output"), &e) != SD_OK) {
		out_error("%s", e.msg);
		return e.status;
	}
	return SD_OK;
}

int
cli_parse_format(const char *cmd, const char *s, unsigned allowed, int *fmt)
{
	static const char *const names[] = { "table", "csv", "json", "text" };

	for (size_t i = 0; i < SD_ARRAY_LEN(names); i++)
		if ((allowed & (1u << i)) && strcmp(s, names[i]) == 0) {
			*fmt = (int)i;
			return SD_OK;
		}
	return cli_usage(cmd, _("unknown format '%s'"), s);
}

int
cli_finish_output(cli *c, int rc)
{
	if (out_flush(stdout, _("standard output"), &c->err) != SD_OK || rc != SD_OK) {
		if (c->err.status == SD_OK)
			sd_err_set(&c->err, SD_IOERR, "%s", _("standard output: write error"));
		return cli_fail(c);
	}
	return SD_OK;
}

int
cli_need_opt(const char *cmd, const char *name)
{
	return cli_usage(cmd, _("option '--%s' is required"), name);
}

void
cli_set_text(char **dst, const char *s)
{
	free(*dst);
	*dst = (s && *s) ? xstrdup(s) : NULL;
}

int
cli_require(cli *c, enum sd_action action, const char *what)
{
	sd_err e;

	if (staff_permit(c->st, c->user, action, &e) == SD_OK)
		return SD_OK;
	return sd_err_set(&c->err, SD_NOPERM, _("%s: %s"), what, e.msg);
}

/* ---------------------------------------------------------------- help */

int
cli_help(void)
{
	return cli_print_help(_(
"Usage: servdesk [--db FILE] [COMMAND ...]\n"
"Without a command, opens the desk.\n"
"\n"
"Commands:\n"
"  init [--demo]                      create or migrate the database\n"
"  request add|list|show|edit|hand|void  the request intake register\n"
"  request attach REGNO FILE          keep an original (fax, letter) with a request\n"
"  inbox list|register|discard        received faxes and scans waiting (收件箱)\n"
"  staff add|edit|list                the staff list\n"
"  customer add|list|show|edit        the customers, their appointed engineer\n"
"  equipment add|edit|list|show|warranty|downtime|expiring\n"
"                                     equipment records and their warranty\n"
"  contract add|list|show|end|renew   service contracts (维保合约)\n"
"  ledger take|assign|propose|...|list|show|report|explain\n"
"                                     the after-sales ledger\n"
"  repair list|show|start|done|scrap|return|issue|form|loans\n"
"                                     factory repair orders and loan units\n"
"  return add|list|show|approve|refuse|receive|close|form\n"
"                                     returns and exchanges (退换货)\n"
"  quote list|show|send|accept|refuse|form\n"
"                                     quotations (报价单) and the customer's answer\n"
"  complaint add|close|list           complaints\n"
"  complaint show|handle|progress|reply|approve|verify|settle|escalate\n"
"                                     a complaint's handling\n"
"  policy list|set|hours|calendar     service levels, office hours, calendar\n"
"  policy complaint                   the first reply to a complaint\n"
"  stock part|receive|issue|return|adjust|order|list|history|show\n"
"                                     the spare-parts store\n"
"  stocktake start|sheet|count|import|show|post\n"
"                                     the stocktake (盘点)\n"
"  visit plan|add|list|show|calendar|move|assign|cancel|done|miss|request|rule\n"
"                                     the follow-up visit schedule (回访)\n"
"  install add|list|show|done|sign|cancel|form\n"
"                                     installation and commissioning (安装调试)\n"
"  training add|list|show|done|sign|cancel|form\n"
"                                     training of the customers' staff (培训)\n"
"  import KIND FILE                   import from CSV\n"
"  export KIND [-o FILE]              export as CSV\n"
"         KIND: requests, customers, equipment, parts, stock, visits,\n"
"               ledger (stock, visits and ledger: export only)\n"
"  report monthly YYYY-MM             the monthly summary (月度统计)\n"
"  report customer NAME --year YYYY   a customer's year, month by month\n"
"  report quality YYYY[-MM]           faults and repeat repairs by model\n"
"  setting list|set|unset             the site settings (supervisor changes)\n"
"  check                              check the database (exit 1 on problems)\n"
"  audit [--since D] [--user L] ...   the audit trail, newest first\n"
"  backup FILE                        an online, consistent copy\n"
"  restore FILE                       checked, then replaces the database\n"
"\n"
"Options:\n"
"  --db FILE     database (default: $SERVDESK_DB, else the one\n"
"                servdesk.conf names, else\n"
"                $XDG_DATA_HOME/servdesk/servdesk.db)\n"
"  --help        show this help\n"
"  --version     show the version\n"
"\n"
"Every command has --help. The acting person is the OS login\n"
"($SERVDESK_USER overrides it).\n"));
}

/* ---------------------------------------------------------------- init */

enum { OPT_DEMO = 1 };

static int
cmd_init(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "demo", 0, false, false, OPT_DEMO },
		{ NULL, 0, false, false, 0 }
	};
	cli_args a;
	int rc;

	if ((rc = cli_parse("init", opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk init [--demo]\n"
"Create the database, or migrate it to the current schema.\n"
"The first init of a database with no staff makes the acting person a\n"
"supervisor.\n"
"\n"
"  --demo   fill the new database with demonstration data\n"));
	}
	long nstaff;

	if ((rc = cli_open(c, true)) != SD_OK || (rc = staff_count(c->st, &nstaff, &c->err)) != SD_OK)
		goto fail;
	if (nstaff == 0) {
		sd_staff s = {0};

		s.login = (char *)c->user;
		s.name = (char *)c->user;
		s.role = ROLE_SUPERVISOR;
		s.active = true;
		if ((rc = staff_put(c->st, &s, &c->err)) != SD_OK)
			goto fail;
		out_note(_("'%s' added to the staff list as %s"), c->user,
		         staff_role_name(ROLE_SUPERVISOR));
	}
	if (cli_opt_has(&a, OPT_DEMO) && (rc = demo_fill(c->st, &c->err)) != SD_OK)
		goto fail;
	/* record the calendar the due times follow now, not at the first reading command */
	if (!ledger_calendar(c->st, &c->err)) {
		rc = c->err.status;
		goto fail;
	}
	cli_args_free(&a);
	return SD_OK;
fail:
	cli_args_free(&a);
	return cli_fail(c);
}

/* ---------------------------------------------------------------- staff */

enum { OPT_NAME = 1, OPT_ROLE, OPT_PHONE, OPT_FORMAT };

static int
staff_row(const sd_staff *s, void *arg)
{
	cli_list *o = arg;

	if (o->fmt == FMT_TABLE) {
		const char *cells[5] = {
			s->login, s->name, staff_role_name(s->role), s->phone,
			s->active ? _("yes") : _("no")
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[5] = {
			s->login, s->name, staff_role_code(s->role), s->phone ? s->phone : "",
			s->active ? "1" : "0"
		};
		csv_put_record(&o->b, cells, 5);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "login", s->login);
		json_kstr(&o->j, "name", s->name);
		json_kstr(&o->j, "role", staff_role_code(s->role));
		json_kstr(&o->j, "phone", s->phone);
		json_kbool(&o->j, "active", s->active);
		json_end(&o->j);
	}
	o->n++;
	return 0;
}

static int
staff_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	static const char *const csv_heads[5] = { "login", "name", "role", "phone", "active" };
	cli_list o = { 0 };
	out_table *t = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse("staff list", opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk staff list [--format table|csv|json]\n"
"List the staff: login, name, role, phone, active.\n"));
	}
	o.fmt = FMT_TABLE;
	if (cli_opt_has(&a, OPT_FORMAT) &&
	    (rc = cli_parse_format("staff list", cli_opt_get(&a, OPT_FORMAT), 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	cli_args_free(&a);
	if ((rc = cli_open(c, false)) != SD_OK)
		return cli_fail(c);
	if (o.fmt == FMT_TABLE) {
		const char *heads[5] = { _("Login"), C_("person", "Name"), _("Role"), _("Phone"), _("Active") };
		static const int caps[5] = { 16, 24, 0, 20, 0 };
		t = out_table_new(5, heads, caps);
	}
	cli_list_begin(&o, t, csv_heads, 5);
	rc = staff_each(c->st, false, staff_row, &o, &c->err);
	return cli_list_end(c, &o, rc);
}

static int
staff_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "name", 0, true, false, OPT_NAME },
		{ "role", 0, true, false, OPT_ROLE },
		{ "phone", 0, true, false, OPT_PHONE },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "staff add";
	sd_staff s = { 0 };
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk staff add LOGIN --name NAME --role ROLE [--phone TEL]\n"
"Add a member of staff, or update one.\n"
"ROLE: operator, storekeeper, engineer, supervisor.\n"
"Only a supervisor may change the staff list.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one LOGIN expected"));
	else if (!cli_opt_has(&a, OPT_NAME))
		rc = cli_usage(cmd, _("option '--%s' is required"), "name");
	else if (!cli_opt_has(&a, OPT_ROLE))
		rc = cli_usage(cmd, _("option '--%s' is required"), "role");
	else if ((s.role = staff_role_parse(cli_opt_get(&a, OPT_ROLE))) < 0)
		rc = cli_usage(cmd, _("unknown role '%s'"), cli_opt_get(&a, OPT_ROLE));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	s.login = (char *)a.pos[0];
	s.name = (char *)cli_opt_get(&a, OPT_NAME);
	s.phone = (char *)cli_opt_get(&a, OPT_PHONE);
	s.active = true;
	if ((rc = cli_open(c, false)) != SD_OK || (rc = staff_put(c->st, &s, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	cli_args_free(&a);
	return SD_OK;
}

static int
cmd_staff(cli *c, int argc, char **argv, char **raw)
{
	if (argc >= 1 && strcmp(raw[0], "add") == 0)
		return staff_add(c, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "list") == 0)
		return staff_list(c, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "edit") == 0)
		return cli_staff_edit(c, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk staff add LOGIN --name NAME --role ROLE [--phone TEL]\n"
"       servdesk staff edit LOGIN [--name NAME] [--phone TEL] [--role ROLE] [--active 0|1]\n"
"       servdesk staff list [--format table|csv|json]\n"));
	if (argc < 1)
		return cli_usage("staff", "%s", _("a subcommand is required (add, edit, list)"));
	return cli_usage("staff", _("unknown subcommand '%s'"), argv[0] ? argv[0] : "?");
}

/* ---------------------------------------------------------------- import, export */

enum { OPT_ENCODING = 1, OPT_MONTH, OPT_OUTPUT, OPT_XFORMAT };

/* Requests are exported by month; the other kinds whole. */
static int
export_requests(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	sd_req_query q;

	intake_query_init(&q);
	q.sort = SORT_REGNO;
	q.desc = false;
	if (month)
		snprintf(q.month, sizeof q.month, "%s", month);
	return intake_export(st, &q, out, enc, count, err);
}

static int
export_customers(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	return customer_export(st, out, enc, count, err);
}

static int
export_equipment(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	return equipment_export(st, out, enc, count, err);
}

static int
export_parts(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	return stock_export_parts(st, out, enc, count, err);
}

static int
export_stock(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	return stock_export_stock(st, out, enc, false, count, err);
}

static int
export_visits(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	return visit_export(st, out, enc, month, count, err);
}

static int
export_ledger(store *st, FILE *out, sd_encoding enc, const char *month, long *count, sd_err *err)
{
	return ledger_export(st, out, enc, month, count, err);
}

/* The KINDs of import and export. */
static const struct xfer_kind {
	const char *name;
	enum sd_action action;    /* needed to import */
	int (*import)(store *, const char *, sd_encoding, long *, sd_err *);
	int (*export)(store *, FILE *, sd_encoding, const char *month, long *, sd_err *);
	bool by_month;            /* export takes --month */
} xfer_kinds[] = {
	{ "requests", ACT_REQUEST_IMPORT, intake_import, export_requests, true },
	{ "customers", ACT_CUSTOMER_CHANGE, customer_import, export_customers, false },
	{ "equipment", ACT_CUSTOMER_CHANGE, equipment_import, export_equipment, false },
	{ "parts", ACT_PART_CHANGE, stock_import_parts, export_parts, false },
	{ "stock", ACT_PART_CHANGE, NULL, export_stock, false },
	{ "visits", ACT_VISIT_WORK, NULL, export_visits, true },
	{ "ledger", ACT_LEDGER_WORK, NULL, export_ledger, true },
};

/* The kind named, or NULL after a usage message. */
static const struct xfer_kind *
find_kind(const char *cmd, const char *kind)
{
	for (size_t i = 0; i < SD_ARRAY_LEN(xfer_kinds); i++)
		if (strcmp(kind, xfer_kinds[i].name) == 0)
			return &xfer_kinds[i];
	cli_usage(cmd, _("unknown kind '%s'"), kind);
	return NULL;
}

static int
cmd_import(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ NULL, 0, false, false, 0 }
	};
	sd_encoding enc = ENC_AUTO;
	cli_args a;
	long count = 0;
	int rc;

	if ((rc = cli_parse("import", opts, "tp", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk import KIND FILE [--encoding auto|utf-8|gb18030]\n"
"Import from a CSV file, all rows or none. Columns are found by their header\n"
"(the English names or the Chinese titles).\n"
"KIND:\n"
"  requests    rows without a register number are numbered in file order;\n"
"              rows with one keep it\n"
"  customers   name (客户), region, key_customer, address, contact, phone;\n"
"              a customer already there is updated\n"
"  equipment   serial (设备序列号), customer, model, delivered_on,\n"
"              accepted_on, commissioned_on, note; the customer must be on\n"
"              the customer list; equipment already there is updated\n"
"  parts       part_no (备件编号), name, spec, unit, brand, location,\n"
"              unit_cost (an opening cost, new parts only), reorder_point,\n"
"              reorder_qty, active; a part already there is updated\n"
"\n"
"  --encoding   auto (default: BOM or valid UTF-8, else GB18030), utf-8, gb18030\n"));
	}
	const struct xfer_kind *k = NULL;
	if (a.npos != 2)
		rc = cli_usage("import", "%s", _("KIND and FILE expected"));
	else if (!(k = find_kind("import", a.pos[0])))
		rc = SD_USAGE;
	else if (!k->import && k->export == export_visits)
		rc = cli_usage("import", _("%s cannot be imported"), k->name);
	else if (!k->import)
		rc = cli_usage("import", _("%s cannot be imported (it is computed from the journal); import parts"),
		               k->name);
	else if (cli_opt_has(&a, OPT_ENCODING) &&
	         enc_parse(cli_opt_get(&a, OPT_ENCODING), &enc) != 0)
		rc = cli_usage("import", _("unknown encoding '%s'"), cli_opt_get(&a, OPT_ENCODING));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = k->import(c->st, a.pos[1], enc, &count, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (k->import == intake_import)
		out_note(ngettext("imported %ld request", "imported %ld requests", (unsigned long)count), count);
	else if (k->import == customer_import)
		out_note(ngettext("imported %ld customer", "imported %ld customers", (unsigned long)count), count);
	else if (k->import == stock_import_parts)
		out_note(ngettext("imported %ld part", "imported %ld parts", (unsigned long)count), count);
	else
		out_note(ngettext("imported %ld piece of equipment", "imported %ld pieces of equipment",
		                  (unsigned long)count), count);
	cli_args_free(&a);
	return SD_OK;
}

/* The sheet of each KIND in an Excel export. */
static const struct {
	const char *kind;
	const char *heading;
} export_sheets[] = {
	{ "requests", N_("Requests") }, { "customers", N_("Customers") }, { "equipment", N_("Equipment") },
	{ "parts", N_("Parts") }, { "stock", N_("Stock") }, { "visits", N_("Visits") }, { "ledger", N_("Ledger") },
};

/* export KIND --format xlsx: the export's rows as one typed table of a document. */
static int
export_xlsx(cli *c, const char *kind, export_fn fn, const char *month, const cli_docout *d)
{
	const char *heading = kind;
	char *site = report_site_name(c->st);
	sd_doc *doc;
	long count = 0;
	int rc;

	for (size_t i = 0; i < SD_ARRAY_LEN(export_sheets); i++)
		if (strcmp(export_sheets[i].kind, kind) == 0)
			heading = _(export_sheets[i].heading);
	doc = doc_new(kind, heading, site);
	free(site);
	if (month) {
		char ym[8];

		snprintf(ym, sizeof ym, "%.4s-%.2s", month, month + 4);
		doc_add_meta(doc, "month", _("Month"), DOC_TEXT, doc_text(ym));
	}
	rc = export_doc(c->st, fn, month, doc, kind, heading, &count, &c->err);
	if (rc == SD_OK)
		rc = cli_docout_write(c, d, doc);
	doc_free(doc);
	return rc;
}

static int
cmd_export(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "month", 0, true, false, OPT_MONTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "format", 0, true, false, OPT_XFORMAT },
		{ NULL, 0, false, false, 0 }
	};
	sd_encoding enc = ENC_UTF8;
	struct { char month[7]; } q;
	const char *format;
	cli_docout dout;
	const char *path;
	sd_ofile of;
	cli_args a;
	long count = 0;
	int rc;

	q.month[0] = '\0';
	if ((rc = cli_parse("export", opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk export KIND [--month YYYY-MM] [--encoding utf-8|gb18030]\n"
"                            [--format csv|xlsx] [-o FILE]\n"
"Export as CSV, or as an Excel workbook (xlsx) with the same columns: dates,\n"
"times, money and counts as such, text as text. KIND: requests (sorted by register number), customers (by\n"
"name), equipment (by serial number), parts (the parts master with the\n"
"average cost as unit cost, by part number), stock (on hand, on order,\n"
"average cost, stock value and the suggested order, by part number), visits\n"
"(by due date, with Chinese column titles), ledger (the after-sales ledger:\n"
"each entry with its request, people, times, due times and money, with\n"
"Chinese column titles).\n"
"\n"
"  --month      only the requests received (for ledger: the entries of the\n"
"               requests received), or the visits due, in this month\n"
"  --encoding   utf-8 (default, with BOM) or gb18030 (csv)\n"
"  --format     csv (default) or xlsx (only with -o FILE)\n"
"  -o, --output FILE   write to FILE (default, or -: standard output)\n"));
	}
	path = cli_opt_get(&a, OPT_OUTPUT);
	format = cli_opt_get(&a, OPT_XFORMAT);
	const struct xfer_kind *k = NULL;
	if (a.npos != 1)
		rc = cli_usage("export", "%s", _("KIND expected"));
	else if (!(k = find_kind("export", a.pos[0])))
		rc = SD_USAGE;
	else if (cli_opt_has(&a, OPT_MONTH) && !k->by_month)
		rc = cli_usage("export", _("--month applies to requests, ledger and visits only"));
	else if (cli_opt_has(&a, OPT_ENCODING) &&
	         (enc_parse(cli_opt_get(&a, OPT_ENCODING), &enc) != 0 || enc == ENC_AUTO))
		rc = cli_usage("export", _("unknown encoding '%s'"), cli_opt_get(&a, OPT_ENCODING));
	else if (cli_opt_has(&a, OPT_MONTH) && !intake_parse_month(cli_opt_get(&a, OPT_MONTH), q.month))
		rc = cli_usage("export", _("invalid month '%s' (expected YYYY-MM)"),
		               cli_opt_get(&a, OPT_MONTH));
	else if (path && !*path)
		rc = cli_usage("export", "%s", _("empty file name"));
	else if (format && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		rc = cli_usage("export", _("unknown format '%s'"), format);
	else if (format && strcmp(format, "xlsx") == 0 && cli_opt_has(&a, OPT_ENCODING))
		rc = cli_usage("export", "%s", _("--encoding applies to csv only"));
	else if (format && strcmp(format, "xlsx") == 0)
		rc = cli_docout_parse("export", format, NULL, NULL, path, false, &dout);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK)
		goto fail;
	if (format && strcmp(format, "xlsx") == 0) {
		rc = export_xlsx(c, k->name, k->export, q.month[0] ? q.month : NULL, &dout);
		cli_args_free(&a);
		return rc == SD_OK || !c->err.status ? rc : cli_fail(c);
	}
	if ((rc = ofile_open(&of, path, 0, &c->err)) != SD_OK)
		goto fail;
	rc = k->export(c->st, of.fp, enc, q.month[0] ? q.month : NULL, &count, &c->err);
	if (rc == SD_OK)
		rc = ofile_commit(&of, &c->err);
	else
		ofile_abort(&of);
	if (rc != SD_OK)
		goto fail;
	cli_args_free(&a);
	return SD_OK;
fail:
	cli_args_free(&a);
	return cli_fail(c);
}

/* ---------------------------------------------------------------- check */

static void
print_finding(const char *finding, void *arg)
{
	char *safe = text_sanitize(finding, false);

	out_printf(stdout, "%s\n", safe);
	free(safe);
}

/* A warning line when the working-day calendar runs out within 60 days or has run out. */
static void
calendar_warning(cli *c)
{
	sd_err err;
	sd_date last, today = store_today();
	char d[11];

	sd_err_clear(&err);
	if (!ledger_calendar_runs_out(c->st, today, &last, &err)) {
		if (err.status != SD_OK)
			out_note(_("warning: %s"), err.msg);
		return;
	}
	date_format(last, d);
	if (last == 0)
		out_note("%s", _("warning: the working-day calendar covers no year: every day is counted Monday to Friday; load one with servdesk policy calendar FILE"));
	else if (last < today)
		out_note(_("warning: the working-day calendar ended on %s: days after it are counted Monday to Friday; load the next year's public holidays with servdesk policy calendar FILE"), d);
	else
		out_note(ngettext("warning: the working-day calendar ends on %s, in %ld day: load the next year's public holidays with servdesk policy calendar FILE before then",
		                  "warning: the working-day calendar ends on %s, in %ld days: load the next year's public holidays with servdesk policy calendar FILE before then",
		                  (unsigned long)(last - today)), d, (long)(last - today));
}

int
cmd_check(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { NULL, 0, false, false, 0 } };
	cli_args a;
	long count = 0;
	int rc;

	if ((rc = cli_parse("check", opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk check\n"
"Check the database: its integrity, foreign keys, that every part's on hand\n"
"equals the sum of its journal, and that register numbers have no gaps.\n"
"Prints one line per problem; exit status 1 if there is any, 0 if none.\n"
"Also warns (without changing the exit status) when the working-day calendar\n"
"ends within 60 days or has ended.\n"));
	}
	cli_args_free(&a);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = check_run(c->st, print_finding, NULL, &count, &c->err)) != SD_OK)
		return cli_fail(c);
	calendar_warning(c);
	if ((rc = out_flush(stdout, _("standard output"), &c->err)) != SD_OK)
		return cli_fail(c);
	if (count == 0) {
		out_note("%s", _("no problems found"));
		return SD_OK;
	}
	out_note(ngettext("%ld problem found", "%ld problems found", (unsigned long)count), count);
	return SD_FINDINGS;
}

/* ---------------------------------------------------------------- dispatch */

int
cli_run(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);   /* gets the arguments after the name */
	} cmds[] = {
		{ "init", cmd_init },
		{ "request", cli_request },
		{ "staff", cmd_staff },
		{ "ledger", cli_ledger },
		{ "repair", cli_repair },
		{ "return", cli_return },
		{ "quote", cli_quote },
		{ "complaint", cli_complaint },
		{ "policy", cli_policy },
		{ "customer", cli_customer },
		{ "stock", cli_stock },
		{ "stocktake", cli_stocktake },
		{ "visit", cli_visit },
		{ "install", cli_install },
		{ "training", cli_training },
		{ "check", cmd_check },
		{ "equipment", cli_equipment },
		{ "contract", cli_contract },
		{ "import", cmd_import },
		{ "export", cmd_export },
		{ "audit", cli_audit },
		{ "backup", cli_backup },
		{ "restore", cli_restore },
		{ "report", cli_report },
		{ "setting", cli_setting },
		{ "inbox", cli_inbox },
	};

	if (argc < 1 || strcmp(raw[0], "help") == 0)
		return cli_help();
	for (size_t i = 0; i < SD_ARRAY_LEN(cmds); i++)
		if (strcmp(raw[0], cmds[i].name) == 0)
			return cmds[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (!argv[0])
		return bad_charset("", 1);
	if (raw[0][0] == '-')
		return cli_usage("", _("unknown option '%s'"), argv[0]);
	return cli_usage("", _("unknown command '%s'"), argv[0]);
}
