/*
 * cli_report.c — the report commands: the monthly summary (月度统计) and a
 * customer's yearly report, built as documents and written as paginated
 * text, CSV, JSON, XLSX or PDF (cli_doc.c) to standard output, a file
 * (written beside it, then renamed) or the print command.
 * Any active staff member may read reports (ACT_REPORT_READ).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "common.h"
#include "out.h"
#include "quality.h"
#include "report.h"
#include "store.h"

enum { OPT_FORMAT = 1, OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT, OPT_YEAR };

static int
parse_dest(const char *cmd, const cli_args *a, cli_docout *d)
{
	return cli_docout_parse(cmd, cli_opt_get(a, OPT_FORMAT), cli_opt_get(a, OPT_ENCODING),
	                        cli_opt_get(a, OPT_WIDTH), cli_opt_get(a, OPT_OUTPUT),
	                        cli_opt_has(a, OPT_PRINT), d);
}

static const struct cli_opt dest_opts[] = {
	{ "format", 0, true, false, OPT_FORMAT },
	{ "encoding", 0, true, false, OPT_ENCODING },
	{ "width", 0, true, false, OPT_WIDTH },
	{ "output", 'o', true, true, OPT_OUTPUT },
	{ "print", 0, false, false, OPT_PRINT },
	{ "year", 0, true, false, OPT_YEAR },
	{ NULL, 0, false, false, 0 }
};

static int
open_for(cli *c, const char *cmd, cli_docout *d)
{
	if (cli_open(c, false) != SD_OK || cli_require(c, ACT_REPORT_READ, cmd) != SD_OK)
		return cli_fail(c);
	d->o.page_lines = (int)store_setting_int(c->st, "report_page_lines", REPORT_PAGE_LINES);
	if (d->o.page_lines < 20)
		d->o.page_lines = 20;
	if (d->o.page_lines > 1000)
		d->o.page_lines = 1000;
	return SD_OK;
}

static int
rp_monthly(cli *c, int argc, char **argv, char **raw)
{
	cli_docout d;
	sd_monthly m;
	char month[8];
	cli_args a;
	int rc;

	if ((rc = cli_parse("report monthly", dest_opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk report monthly YYYY-MM [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The monthly summary (月度统计): requests by channel, priority and customer,\n"
"closed, carried over; response times against the commitments; engineers;\n"
"common problems; complaints and the complaint rate; parts and stock; visits;\n"
"charges. The figures of a past month are the same whenever it is run.\n"
"\n"
"  --format     text (paginated, default), csv, json, xlsx or pdf (xlsx and\n"
"               pdf only with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE (written beside it, then renamed)\n"
"  --print      send the report to the print command (the setting\n"
"               print_command, default lpr): a PDF, or the paginated text\n"
"               with --format text; exit 74 if it cannot be started or fails\n"));
	}
	if (a.npos != 1)
		rc = cli_usage("report monthly", "%s", _("YYYY-MM expected"));
	else if (cli_opt_has(&a, OPT_YEAR))
		rc = cli_usage("report monthly", "%s", _("--year applies to the customer report only"));
	else if (!report_parse_month(a.pos[0], month))
		rc = cli_usage("report monthly", _("invalid month '%s' (expected YYYY-MM)"), a.pos[0]);
	else
		rc = parse_dest("report monthly", &a, &d);
	if (rc == SD_OK && (rc = open_for(c, "report monthly", &d)) == SD_OK) {
		if ((rc = report_monthly(c->st, month, &m, &c->err)) == SD_OK) {
			sd_doc *doc = report_monthly_doc(&m);
			rc = cli_docout_write(c, &d, doc);
			doc_free(doc);
		}
		report_monthly_free(&m);
		if (rc != SD_OK)
			rc = c->err.status ? cli_fail(c) : rc;
	}
	cli_args_free(&a);
	return rc;
}

static int
rp_customer(cli *c, int argc, char **argv, char **raw)
{
	sd_customer_year y;
	cli_docout d;
	const char *v;
	cli_args a;
	int rc, year = 0;

	if ((rc = cli_parse("report customer", dest_opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk report customer NAME --year YYYY\n"
"           [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"A customer's year month by month, with totals: requests, closures, visits,\n"
"parts, charges and payments, response times and the share within commitment.\n"
"Options as for report monthly.\n"));
	}
	v = cli_opt_get(&a, OPT_YEAR);
	if (a.npos != 1 || !*a.pos[0])
		rc = cli_usage("report customer", "%s", _("NAME expected"));
	else if (!v)
		rc = cli_need_opt("report customer", "year");
	else if (strlen(v) != 4 || strspn(v, "0123456789") != 4 || (year = atoi(v)) < 1900)
		rc = cli_usage("report customer", _("invalid year '%s' (expected YYYY)"), v);
	else
		rc = parse_dest("report customer", &a, &d);
	if (rc == SD_OK && (rc = open_for(c, "report customer", &d)) == SD_OK) {
		if ((rc = report_customer_year(c->st, a.pos[0], year, &y, &c->err)) == SD_OK) {
			sd_doc *doc = report_customer_doc(&y);
			rc = cli_docout_write(c, &d, doc);
			doc_free(doc);
		}
		report_customer_free(&y);
		if (rc != SD_OK)
			rc = c->err.status ? cli_fail(c) : rc;
	}
	cli_args_free(&a);
	return rc;
}

static int
rp_quality(cli *c, int argc, char **argv, char **raw)
{
	cli_docout d;
	sd_quality q;
	cli_args a;
	int rc;

	memset(&q, 0, sizeof q);
	if ((rc = cli_parse("report quality", dest_opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk report quality YYYY[-MM] [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"Service quality by equipment model (产品服务质量): the faults of the year or\n"
"month (the entries whose solution, with its fault category, was proposed\n"
"then) by model and fault category, with the repeat repairs (the same fault\n"
"of the same machine within the setting repeat_days of the last repair) and\n"
"the downtime from the fault's report to its recovery.\n"
"Options as for report monthly.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage("report quality", "%s", _("YYYY or YYYY-MM expected"));
	else if (cli_opt_has(&a, OPT_YEAR))
		rc = cli_usage("report quality", "%s", _("--year applies to the customer report only"));
	else if (!quality_period(a.pos[0], &q))
		rc = cli_usage("report quality", _("invalid period '%s' (expected YYYY or YYYY-MM)"), a.pos[0]);
	else
		rc = parse_dest("report quality", &a, &d);
	if (rc == SD_OK && (rc = open_for(c, "report quality", &d)) == SD_OK) {
		if ((rc = quality_load(c->st, &q, &c->err)) == SD_OK) {
			char *site = report_site_name(c->st);
			sd_doc *doc = quality_doc(&q, site);

			rc = cli_docout_write(c, &d, doc);
			doc_free(doc);
			free(site);
		}
		if (rc != SD_OK)
			rc = c->err.status ? cli_fail(c) : rc;
	}
	quality_free(&q);
	cli_args_free(&a);
	return rc;
}

int
cli_report(cli *c, int argc, char **argv, char **raw)
{
	if (argc < 1)
		return cli_usage("report", _("a subcommand is required (%s)"), "monthly, customer, quality");
	if (strcmp(raw[0], "monthly") == 0)
		return rp_monthly(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "customer") == 0)
		return rp_customer(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "quality") == 0)
		return rp_quality(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk report monthly|customer|quality ...\n"
"\n"
"  monthly YYYY-MM          the monthly summary (月度统计)\n"
"  customer NAME --year Y   a customer's year, month by month\n"
"  quality YYYY[-MM]        faults and repeat repairs by equipment model\n"));
	if (!argv[0])
		return cli_usage("report", "%s", _("invalid argument"));
	return cli_usage("report", _("unknown subcommand '%s'"), argv[0]);
}
