/*
 * cli_report.c — the report commands: the monthly summary (月度统计) and a
 * customer's yearly report, as paginated text, CSV or JSON, to standard
 * output, a file (written beside it, then renamed) or the print command.
 * Any active staff member may read reports (ACT_REPORT_READ).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "common.h"
#include "enc.h"
#include "ofile.h"
#include "out.h"
#include "report.h"
#include "staff.h"
#include "store.h"
#include "text.h"

enum { OPT_FORMAT = 1, OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT, OPT_YEAR };

/* What the two commands share: how and where the report goes. */
struct dest {
	report_opts o;
	sd_encoding enc;
	const char *path;      /* -o FILE (original bytes), or NULL */
	bool print;
};

static int
parse_dest(const char *cmd, const cli_args *a, struct dest *d)
{
	const char *v;
	int fmt = FMT_TEXT;

	memset(d, 0, sizeof *d);
	d->o.format = REPORT_TEXT;
	d->o.width = 80;
	d->enc = ENC_UTF8;
	if ((v = cli_opt_get(a, OPT_FORMAT)) &&
	    cli_parse_format(cmd, v, 1u << FMT_TEXT | 1u << FMT_CSV | 1u << FMT_JSON, &fmt) != SD_OK)
		return SD_USAGE;
	d->o.format = fmt == FMT_CSV ? REPORT_CSV : fmt == FMT_JSON ? REPORT_JSON : REPORT_TEXT;
	if ((v = cli_opt_get(a, OPT_ENCODING)) && (enc_parse(v, &d->enc) != 0 || d->enc == ENC_AUTO))
		return cli_usage(cmd, _("unknown encoding '%s'"), v);
	if (d->enc == ENC_GB18030 && d->o.format == REPORT_JSON)
		return cli_usage(cmd, "%s", _("JSON is always UTF-8: --encoding applies to text and csv"));
	if ((v = cli_opt_get(a, OPT_WIDTH))) {
		if (strcmp(v, "80") == 0)
			d->o.width = 80;
		else if (strcmp(v, "132") == 0)
			d->o.width = 132;
		else
			return cli_usage(cmd, _("invalid width '%s' (80 or 132)"), v);
	}
	d->path = cli_opt_get(a, OPT_OUTPUT);
	d->print = cli_opt_has(a, OPT_PRINT);
	if (d->path && d->print)
		return cli_usage(cmd, "%s", _("-o and --print exclude each other"));
	if (d->path && !*d->path)
		return cli_usage(cmd, "%s", _("empty file name"));
	return SD_OK;
}

/* Send data to the print command (setting print_command, default lpr). */
static int
print_data(cli *c, const char *data, size_t len)
{
	return report_print(c->st, data, len, &c->err);
}

/* Write data to standard output, a file (temporary, then renamed) or a device. */
static int
write_data(cli *c, const struct dest *d, const char *data, size_t len)
{
	sd_ofile of;
	int rc;

	if (d->print)
		return print_data(c, data, len);
	if ((rc = ofile_open(&of, d->path, 0, &c->err)) != SD_OK)
		return rc;
	if (out_raw(of.fp, data, len) != SD_OK) {
		char *e = out_from_locale(strerror(errno));

		rc = sd_err_set(&c->err, SD_IOERR, _("%s: write error: %s"),
		                of.std ? _("standard output") : d->path, e);
		free(e);
		ofile_abort(&of);
		return rc;
	}
	return ofile_commit(&of, &c->err);
}

/* Convert the UTF-8 report to the chosen encoding and send it on. */
static int
deliver(cli *c, const struct dest *d, const buf *b)
{
	char *conv = NULL;
	size_t convlen = 0;
	int rc;

	if ((rc = enc_from_utf8(b->data ? b->data : "", b->len,
	                        d->o.format == REPORT_JSON ? ENC_UTF8 : d->enc, &conv, &convlen,
	                        &c->err)) != SD_OK)
		return rc;
	rc = write_data(c, d, conv, convlen);
	free(conv);
	return rc;
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
open_for(cli *c, const char *cmd, struct dest *d)
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
	struct dest d;
	sd_monthly m;
	char month[8];
	buf b = { 0 };
	cli_args a;
	int rc;

	if ((rc = cli_parse("report monthly", dest_opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk report monthly YYYY-MM [--format text|csv|json]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The monthly summary (月度统计): requests by channel, priority and customer,\n"
"closed, carried over; response times against the commitments; engineers;\n"
"common problems; complaints and the complaint rate; parts and stock; visits;\n"
"charges. The figures of a past month are the same whenever it is run.\n"
"\n"
"  --format     text (paginated, default), csv or json\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE (written beside it, then renamed)\n"
"  --print      send the text to the print command (the setting print_command,\n"
"               default lpr); exit 74 if it cannot be started or fails\n"));
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
			report_monthly_write(&m, &d.o, &b);
			rc = deliver(c, &d, &b);
		}
		report_monthly_free(&m);
		if (rc != SD_OK)
			rc = c->err.status ? cli_fail(c) : rc;
	}
	buf_free(&b);
	cli_args_free(&a);
	return rc;
}

static int
rp_customer(cli *c, int argc, char **argv, char **raw)
{
	sd_customer_year y;
	struct dest d;
	const char *v;
	buf b = { 0 };
	cli_args a;
	int rc, year = 0;

	if ((rc = cli_parse("report customer", dest_opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk report customer NAME --year YYYY [--format text|csv|json]\n"
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
			report_customer_write(&y, &d.o, &b);
			rc = deliver(c, &d, &b);
		}
		report_customer_free(&y);
		if (rc != SD_OK)
			rc = c->err.status ? cli_fail(c) : rc;
	}
	buf_free(&b);
	cli_args_free(&a);
	return rc;
}

int
cli_report(cli *c, int argc, char **argv, char **raw)
{
	if (argc < 1)
		return cli_usage("report", _("a subcommand is required (%s)"), "monthly, customer");
	if (strcmp(raw[0], "monthly") == 0)
		return rp_monthly(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "customer") == 0)
		return rp_customer(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk report monthly|customer ...\n"
"\n"
"  monthly YYYY-MM          the monthly summary (月度统计)\n"
"  customer NAME --year Y   a customer's year, month by month\n"));
	if (!argv[0])
		return cli_usage("report", "%s", _("invalid argument"));
	return cli_usage("report", _("unknown subcommand '%s'"), argv[0]);
}
