/*
 * cli_engineer.c — the customer's appointed engineer on the command line:
 * servdesk customer edit NAME --engineer LOGIN --deputy LOGIN --agreed-by
 * NAME, and the lines customer show and ledger show print about him. The
 * rules are engineer.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "engineer.h"
#include "json.h"
#include "ledger.h"
#include "ledger_doc.h"
#include "out.h"
#include "staff.h"

enum { OPT_ENGINEER = 1, OPT_DEPUTY, OPT_AGREED_BY };

/* "login (name)" of a staff member, or the login alone: b holds only that. */
static void
login_label(store *st, const char *login, buf *b)
{
	buf_reset(b);
	staff_label_login(st, login, b);
}

void
cli_appointed_text(store *st, buf *b, const char *customer)
{
	const char *labels[] = { _("Appointed engineer"), _("Deputy engineer"), _("Replacement agreed by") };
	int labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	sd_appointed a;
	sd_err e;
	buf t = { 0 };

	if (appointed_get(st, customer, &a, &e) != SD_OK)
		return;
	login_label(st, a.engineer, &t);
	out_label_line(b, labels[0], buf_str(&t), labw);
	login_label(st, a.deputy, &t);
	out_label_line(b, labels[1], buf_str(&t), labw);
	if (a.agreed_by)
		out_label_line(b, labels[2], a.agreed_by, labw);
	buf_free(&t);
	appointed_free(&a);
}

void
cli_appointed_json(store *st, sd_json *j, const char *customer)
{
	sd_appointed a;
	sd_err e;

	if (appointed_get(st, customer, &a, &e) != SD_OK)
		memset(&a, 0, sizeof a);
	json_kstr(j, "engineer", a.engineer);
	json_kstr(j, "deputy", a.deputy);
	json_kstr(j, "engineer_agreed_by", a.agreed_by);
	appointed_free(&a);
}

int
cli_customer_edit(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "deputy", 0, true, false, OPT_DEPUTY },
		{ "agreed-by", 0, true, false, OPT_AGREED_BY },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "customer edit";
	sd_appointed cur;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk customer edit NAME [--engineer LOGIN] [--deputy LOGIN]\n"
"         [--agreed-by NAME]\n"
"Appoint the engineer responsible for a customer and a deputy (active\n"
"engineers or supervisors; an empty value removes one). Replacing or\n"
"removing an engineer already appointed needs the customer's consent:\n"
"--agreed-by names who agreed for the customer; it is kept and shown.\n"
"Ledger assignment proposes the appointed engineer, then the deputy.\n"
"The other details of a customer are changed with customer add.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one NAME expected"));
	else if (!cli_opt_has(&a, OPT_ENGINEER) && !cli_opt_has(&a, OPT_DEPUTY))
		rc = cli_usage(cmd, "%s", _("nothing to change: give --engineer or --deputy"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK || (rc = appointed_get(c->st, a.pos[0], &cur, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	rc = appointed_set(c->st, a.pos[0], cur.version,
	                   cli_opt_has(&a, OPT_ENGINEER) ? cli_opt_get(&a, OPT_ENGINEER) : cur.engineer,
	                   cli_opt_has(&a, OPT_DEPUTY) ? cli_opt_get(&a, OPT_DEPUTY) : cur.deputy,
	                   cli_opt_get(&a, OPT_AGREED_BY), &c->err);
	appointed_free(&cur);
	cli_args_free(&a);
	return rc != SD_OK ? cli_fail(c) : SD_OK;
}

char *
cli_appointed_line(store *st, const char *customer)
{
	return ledger_appointed_line(st, customer);
}

char *
cli_appointed_engineer(store *st, const char *regno, sd_err *err)
{
	sd_ledger l;
	sd_appointed a;
	char *login;

	if (ledger_get(st, regno, &l, err) != SD_OK)
		return NULL;
	int rc = appointed_get(st, l.customer, &a, err);
	if (rc != SD_OK) {
		ledger_free(&l);
		return NULL;
	}
	login = a.engineer ? xstrdup(a.engineer) : NULL;
	if (!login)
		sd_err_set(err, SD_DATAERR, _("engineer: %s has no appointed engineer; give --engineer"),
		           l.customer ? l.customer : "");
	appointed_free(&a);
	ledger_free(&l);
	return login;
}
