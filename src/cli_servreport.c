/*
 * cli_servreport.c — servdesk ledger report REGNO: the service report of an
 * entry (服务报告 / 故障分析及处理报告, servreport.h) as paginated text, CSV,
 * JSON, XLSX or PDF, to standard output, a file or the print command.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common.h"
#include "report.h"
#include "servreport.h"
#include "store.h"

enum { OPT_FORMAT = 1, OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT };

int
cli_ledger_report(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "ledger report";
	cli_docout d;
	sd_doc *doc = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger report REGNO [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The service report of an entry for the customer (服务报告, 故障分析及处理报告):\n"
"the customer and the equipment (model, serial number), when the fault was\n"
"reported and when it was recovered, the fault category, the cause (the\n"
"diagnosis) and the method (the solution), the parts replaced (name,\n"
"specification, quantity, brand) from the stock issued to the entry, the\n"
"charges with who pays and why, and the customer's confirmation.\n"
"Options as for report monthly.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one REGNO expected"));
	else
		rc = cli_docout_parse(cmd, cli_opt_get(&a, OPT_FORMAT), cli_opt_get(&a, OPT_ENCODING),
		                      cli_opt_get(&a, OPT_WIDTH), cli_opt_get(&a, OPT_OUTPUT),
		                      cli_opt_has(&a, OPT_PRINT), &d);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_REPORT_READ, cmd)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	d.o.page_lines = (int)store_setting_int(c->st, "report_page_lines", REPORT_PAGE_LINES);
	if (d.o.page_lines < 20)
		d.o.page_lines = 20;
	if (d.o.page_lines > 1000)
		d.o.page_lines = 1000;
	if ((rc = servreport_doc(c->st, a.pos[0], &doc, &c->err)) != SD_OK ||
	    (rc = cli_docout_write(c, &d, doc)) != SD_OK)
		rc = c->err.status ? cli_fail(c) : rc;
out:
	doc_free(doc);
	cli_args_free(&a);
	return rc;
}
