/*
 * cli_ledger.c — the after-sales ledger on the command line: the ledger's
 * steps, charges, payments, lists and explanations; complaints; the
 * service-level policy and the working-day calendar.
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
#include "complaint.h"
#include "contract.h"
#include "csv.h"
#include "datetime.h"
#include "intake.h"
#include "json.h"
#include "history.h"
#include "ledger.h"
#include "ledger_doc.h"
#include "money.h"
#include "out.h"
#include "quote.h"
#include "setting.h"
#include "sla.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "warranty.h"
#include "workcal.h"

enum {
	OPT_RESPONSIBLE = 1, OPT_ENGINEER, OPT_MODE, OPT_SOLUTION, OPT_FAULT, OPT_AT,
	OPT_VISIT, OPT_BY, OPT_HOW, OPT_REASON, OPT_KIND, OPT_AMOUNT, OPT_ON, OPT_NOTE,
	OPT_INVOICE, OPT_STATE, OPT_OPEN, OPT_OVERDUE, OPT_SEARCH, OPT_FORMAT,
	OPT_CUSTOMER, OPT_CLASS, OPT_DESCRIPTION, OPT_REQUEST, OPT_ORDER, OPT_PART,
	OPT_DELIVERED, OPT_QUANTITY, OPT_DEFECTIVE, OPT_HANDLING, OPT_REGION,
	OPT_RESPOND, OPT_ONSITE, OPT_CLEAR, OPT_CALENDAR_TIME, OPT_WORKING_DAYS,
	OPT_BUILTIN, OPT_REPLY, OPT_DIAGNOSE, OPT_ESCALATE, OPT_FINDING, OPT_TO
};
enum { OPT_VERSION = OPT_TO + 1, OPT_SIGNED_BY, OPT_SIGNED_AT, OPT_OPINION, OPT_RATING,
       OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT, OPT_WITHOUT_QUOTE };

#define OPT_END { NULL, 0, false, false, 0 }

/* Codes of the clocks and of the clock states, for CSV and JSON. */
static const char *const sla_codes[] = {
	"none", "running", "near", "overdue", "paused", "met", "missed"
};

static const char *
sla_code(int s)
{
	return s >= 0 && (size_t)s < SD_ARRAY_LEN(sla_codes) ? sla_codes[s] : "none";
}

/* ---------------------------------------------------------------- helpers */

/* Flush standard output after rc (the status of the writes); a status. */
/* Parse option id as a time into out ("" when not given); SD_OK or SD_USAGE. */
static int
opt_time(const char *cmd, const cli_args *a, int id, char out[17])
{
	const char *v = cli_opt_get(a, id);

	out[0] = '\0';
	if (v && !intake_parse_time(v, out))
		return cli_usage(cmd, _("invalid time '%s' (expected YYYY-MM-DD HH:MM)"), v);
	return SD_OK;
}

/* Parse option id as a date into out ("" when not given); SD_OK or SD_USAGE. */
static int
opt_date(const char *cmd, const cli_args *a, int id, char out[11])
{
	const char *v = cli_opt_get(a, id);
	sd_date d;

	out[0] = '\0';
	if (!v)
		return SD_OK;
	if (!date_parse(v, &d))
		return cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD)"), v);
	date_format(d, out);
	return SD_OK;
}

/* Parse a count (>= 0) into *n; SD_OK or SD_USAGE naming the option. */
static int
parse_count(const char *cmd, const char *opt, const char *v, int *n)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < 0 || x > INT_MAX)
		return cli_usage(cmd, _("invalid number '%s' for '--%s'"), v, opt);
	*n = (int)x;
	return SD_OK;
}

/* One "Label:  value" line; the value sanitised, continuation lines indented; "Label:" alone when empty. */
static void
show_line(buf *b, const char *label, const char *value, int labw)
{
	if (!value || !*value) {
		buf_puts(b, label);
		buf_puts(b, ":\n");
		return;
	}
	out_label_line(b, label, value, labw);
}

static void
fmt_time(sd_time t, char out[17])
{
	if (t == SD_NO_TIME)
		out[0] = '\0';
	else
		time_format(t, out);
}

/* A time or text member: null when empty. */
static void
jt(sd_json *j, const char *key, const char *s)
{
	json_kstr(j, key, s && *s ? s : NULL);
}

/* ---------------------------------------------------------------- steps */

enum step_kind {
	ST_TAKE, ST_ASSIGN, ST_PROPOSE, ST_CONTACT, ST_PLAN, ST_ARRIVE, ST_CLEAR,
	ST_CONFIRM, ST_CLOSE, ST_UNRESOLVABLE, ST_PAUSE, ST_RESUME, ST_PAY, ST_DIAGNOSE, ST_ESCALATE
};

static const struct cli_opt opts_take[] = {
	{ "responsible", 0, true, false, OPT_RESPONSIBLE }, OPT_END
};
static const struct cli_opt opts_assign[] = {
	{ "engineer", 0, true, false, OPT_ENGINEER }, OPT_END
};
static const struct cli_opt opts_propose[] = {
	{ "mode", 0, true, false, OPT_MODE },
	{ "solution", 0, true, false, OPT_SOLUTION },
	{ "fault", 0, true, false, OPT_FAULT },
	{ "at", 0, true, false, OPT_AT },
	OPT_END
};
static const struct cli_opt opts_at[] = {
	{ "at", 0, true, false, OPT_AT }, OPT_END
};
static const struct cli_opt opts_plan[] = {
	{ "visit", 0, true, false, OPT_VISIT }, OPT_END
};
static const struct cli_opt opts_confirm[] = {
	{ "by", 0, true, false, OPT_BY },
	{ "how", 0, true, false, OPT_HOW },
	{ "at", 0, true, false, OPT_AT },
	OPT_END
};
static const struct cli_opt opts_none[] = { OPT_END };
static const struct cli_opt opts_reason[] = {
	{ "reason", 0, true, false, OPT_REASON }, OPT_END
};
static const struct cli_opt opts_pause[] = {
	{ "reason", 0, true, false, OPT_REASON },
	{ "at", 0, true, false, OPT_AT },
	OPT_END
};
static const struct cli_opt opts_diagnose[] = {
	{ "finding", 0, true, false, OPT_FINDING },
	{ "at", 0, true, false, OPT_AT },
	OPT_END
};
static const struct cli_opt opts_escalate[] = {
	{ "to", 0, true, false, OPT_TO },
	{ "note", 0, true, false, OPT_NOTE },
	{ "at", 0, true, false, OPT_AT },
	OPT_END
};
static const struct cli_opt opts_pay[] = {
	{ "amount", 0, true, false, OPT_AMOUNT },
	{ "invoice", 0, true, false, OPT_INVOICE },
	OPT_END
};

static const struct step {
	const char *name;            /* subcommand */
	enum step_kind kind;
	enum sd_action action;
	const struct cli_opt *opts;
	const char *help;            /* N_() */
} steps[] = {
	{ "take", ST_TAKE, ACT_LEDGER_TAKE, opts_take, N_(
"Usage: servdesk ledger take REGNO [--responsible LOGIN]\n"
"Take a request handed to the technical department into the after-sales\n"
"ledger. The responsible person (default: the acting person) signs now.\n") },
	{ "assign", ST_ASSIGN, ACT_LEDGER_WORK, opts_assign, N_(
"Usage: servdesk ledger assign REGNO [--engineer LOGIN]\n"
"Assign the responsible engineer, who signs now. Without --engineer, the\n"
"engineer appointed to the customer (servdesk customer edit).\n") },
	{ "propose", ST_PROPOSE, ACT_LEDGER_WORK, opts_propose, N_(
"Usage: servdesk ledger propose REGNO --mode onsite|remote|email|phone\n"
"         --solution TEXT [--fault CODE] [--at 'YYYY-MM-DD HH:MM']\n"
"Record the solution and the service mode: the response to the customer.\n"
"\n"
"  --mode      onsite, remote (remote login), email or phone (guidance)\n"
"  --solution  the solution proposed\n"
"  --fault     fault category code (see 'servdesk ledger faults')\n"
"  --at        when (default: now)\n") },
	{ "contact", ST_CONTACT, ACT_LEDGER_WORK, opts_at, N_(
"Usage: servdesk ledger contact REGNO [--at 'YYYY-MM-DD HH:MM']\n"
"Record the first contact with the customer (default: now).\n") },
	{ "diagnose", ST_DIAGNOSE, ACT_LEDGER_WORK, opts_diagnose, N_(
"Usage: servdesk ledger diagnose REGNO --finding TEXT [--at 'YYYY-MM-DD HH:MM']\n"
"Record the diagnosis of the fault with its finding (default: now); it\n"
"stops the diagnose clock.\n") },
	{ "escalate", ST_ESCALATE, ACT_LEDGER_WORK, opts_escalate, N_(
"Usage: servdesk ledger escalate REGNO --to LOGIN [--note TEXT]\n"
"         [--at 'YYYY-MM-DD HH:MM']\n"
"Escalate the entry to the expert group: LOGIN (an engineer or supervisor)\n"
"takes it over; when and to whom are recorded (default: now). The escalate\n"
"clock is met when the escalation or a solution came in time; after the\n"
"escalation the solution is due the escalate commitment later.\n") },
	{ "plan", ST_PLAN, ACT_LEDGER_WORK, opts_plan, N_(
"Usage: servdesk ledger plan REGNO --visit 'YYYY-MM-DD HH:MM'\n"
"Record the planned arrival on site.\n") },
	{ "arrive", ST_ARRIVE, ACT_LEDGER_WORK, opts_at, N_(
"Usage: servdesk ledger arrive REGNO [--at 'YYYY-MM-DD HH:MM']\n"
"Record the engineer's arrival on site (default: now); on-site service\n"
"only.\n") },
	{ "clear", ST_CLEAR, ACT_LEDGER_WORK, opts_at, N_(
"Usage: servdesk ledger clear REGNO [--at 'YYYY-MM-DD HH:MM']\n"
"Record that the fault was cleared (default: now); the entry then awaits\n"
"the user's confirmation.\n") },
	{ "confirm", ST_CONFIRM, ACT_LEDGER_WORK, opts_confirm, N_(
"Usage: servdesk ledger confirm REGNO --by NAME --how phone|fax|card\n"
"         [--at 'YYYY-MM-DD HH:MM']\n"
"Record the user's confirmation: who confirmed, how (by phone, by fax, or\n"
"by signing the service card) and when (default: now).\n") },
	{ "close", ST_CLOSE, ACT_LEDGER_WORK, opts_none, N_(
"Usage: servdesk ledger close REGNO\n"
"Close the entry once every maintenance item is settled. Remote, e-mail and\n"
"phone service need the user's confirmation first; on-site service needs the\n"
"customer's signed service card (servdesk ledger card).\n") },
	{ "unresolvable", ST_UNRESOLVABLE, ACT_LEDGER_WORK, opts_reason, N_(
"Usage: servdesk ledger unresolvable REGNO --reason TEXT\n"
"Close the entry without a fix. The reason explained to the user is\n"
"required.\n") },
	{ "pause", ST_PAUSE, ACT_LEDGER_WORK, opts_pause, N_(
"Usage: servdesk ledger pause REGNO --reason TEXT [--at 'YYYY-MM-DD HH:MM']\n"
"Pause the entry's service-level clocks while it waits on the customer or\n"
"on parts (the reason is required). 'servdesk ledger resume' restarts them.\n") },
	{ "resume", ST_RESUME, ACT_LEDGER_WORK, opts_at, N_(
"Usage: servdesk ledger resume REGNO [--at 'YYYY-MM-DD HH:MM']\n"
"Restart the paused service-level clocks (default: now).\n") },
	{ "pay", ST_PAY, ACT_LEDGER_WORK, opts_pay, N_(
"Usage: servdesk ledger pay REGNO --amount YUAN --invoice NO\n"
"Record money received for the entry, with the invoice number.\n") },
};

/* The values of a step, checked before the database is opened. */
struct step_vals {
	char at[17];
	char visit[17];
	int mode, how;
	int64_t amount;
};

static int
step_check(const struct step *s, const char *cmd, const cli_args *a, struct step_vals *v)
{
	const char *x;
	int rc;

	v->mode = v->how = -1;
	v->amount = 0;
	v->visit[0] = '\0';
	if ((rc = opt_time(cmd, a, OPT_AT, v->at)) != SD_OK)
		return rc;
	switch (s->kind) {
	case ST_ASSIGN:
		/* without --engineer: the customer's appointed engineer (step_run) */
		break;
	case ST_PROPOSE:
		if (!(x = cli_opt_get(a, OPT_MODE)))
			return cli_need_opt(cmd, "mode");
		if ((v->mode = ledger_mode_parse(x)) < 0)
			return cli_usage(cmd, _("unknown service mode '%s'"), x);
		if (!cli_opt_has(a, OPT_SOLUTION))
			return cli_need_opt(cmd, "solution");
		break;
	case ST_PLAN:
		if (!cli_opt_has(a, OPT_VISIT))
			return cli_need_opt(cmd, "visit");
		return opt_time(cmd, a, OPT_VISIT, v->visit);
	case ST_CONFIRM:
		if (!cli_opt_has(a, OPT_BY))
			return cli_need_opt(cmd, "by");
		if (!(x = cli_opt_get(a, OPT_HOW)))
			return cli_need_opt(cmd, "how");
		if ((v->how = ledger_how_parse(x)) < 0)
			return cli_usage(cmd, _("unknown confirmation '%s' (expected phone, fax or card)"), x);
		break;
	case ST_DIAGNOSE:
		if (!cli_opt_has(a, OPT_FINDING))
			return cli_need_opt(cmd, "finding");
		break;
	case ST_ESCALATE:
		if (!cli_opt_has(a, OPT_TO))
			return cli_need_opt(cmd, "to");
		break;
	case ST_PAY:
		if (!(x = cli_opt_get(a, OPT_AMOUNT)))
			return cli_need_opt(cmd, "amount");
		if (!money_parse(x, &v->amount))
			return cli_usage(cmd, _("invalid amount '%s' (expected yuan, e.g. 1280.50)"), x);
		if (!cli_opt_has(a, OPT_INVOICE))
			return cli_need_opt(cmd, "invoice");
		break;
	default:
		break;
	}
	return SD_OK;
}

static int
step_run(cli *c, const struct step *s, const char *regno, const cli_args *a,
         const struct step_vals *v)
{
	const char *reason = cli_opt_get(a, OPT_REASON);
	sd_err *e = &c->err;

	/* a missing reason is the core's refusal, like an empty one */
	if (!reason)
		reason = "";
	switch (s->kind) {
	case ST_TAKE:
		return ledger_take(c->st, regno, cli_opt_get(a, OPT_RESPONSIBLE), e);
	case ST_ASSIGN:
		if (!cli_opt_has(a, OPT_ENGINEER)) {
			char *login = cli_appointed_engineer(c->st, regno, e);
			int rc = login ? ledger_assign(c->st, regno, login, -1, e) : e->status;

			free(login);
			return rc;
		}
		return ledger_assign(c->st, regno, cli_opt_get(a, OPT_ENGINEER), -1, e);
	case ST_PROPOSE:
		return ledger_propose(c->st, regno, v->mode, cli_opt_get(a, OPT_SOLUTION),
		                      cli_opt_get(a, OPT_FAULT), v->at, -1, e);
	case ST_CONTACT:
		return ledger_contact(c->st, regno, v->at, -1, e);
	case ST_PLAN:
		return ledger_plan_visit(c->st, regno, v->visit, -1, e);
	case ST_ARRIVE:
		return ledger_arrive(c->st, regno, v->at, -1, e);
	case ST_CLEAR:
		return ledger_clear(c->st, regno, v->at, -1, e);
	case ST_CONFIRM:
		return ledger_confirm(c->st, regno, cli_opt_get(a, OPT_BY), v->how, v->at, -1, e);
	case ST_CLOSE:
		return ledger_close(c->st, regno, -1, e);
	case ST_UNRESOLVABLE:
		return ledger_unresolvable(c->st, regno, reason, -1, e);
	case ST_PAUSE:
		return ledger_pause(c->st, regno, reason, v->at, -1, e);
	case ST_RESUME:
		return ledger_resume(c->st, regno, v->at, -1, e);
	case ST_PAY:
		return ledger_payment(c->st, regno, v->amount, cli_opt_get(a, OPT_INVOICE), e);
	case ST_DIAGNOSE:
		return ledger_diagnose(c->st, regno, cli_opt_get(a, OPT_FINDING), v->at, -1, e);
	case ST_ESCALATE:
		return ledger_escalate(c->st, regno, cli_opt_get(a, OPT_TO), cli_opt_get(a, OPT_NOTE), v->at, -1, e);
	}
	return sd_err_set(e, SD_INTERNAL, "%s", _("internal error"));
}

static int
led_step(cli *c, const struct step *s, int argc, char **argv, char **raw)
{
	char cmd[32];
	struct step_vals v;
	cli_args a;
	int rc;

	snprintf(cmd, sizeof cmd, "ledger %s", s->name);
	if ((rc = cli_parse(cmd, s->opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(s->help));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else
		rc = step_check(s, cmd, &a, &v);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = step_run(c, s, a.pos[0], &a, &v)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- charge */

/* Keep the newest charge line (the greatest id); its strings are not kept. */
static int
newest_charge(const sd_ledger_charge *ch, void *arg)
{
	sd_ledger_charge *line = arg;

	if (ch->id > line->id) {
		*line = *ch;
		line->note = line->who = NULL;
	}
	return 0;
}

static int
led_charge(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "kind", 0, true, false, OPT_KIND },
		{ "amount", 0, true, false, OPT_AMOUNT },
		{ "on", 0, true, false, OPT_ON },
		{ "note", 0, true, false, OPT_NOTE },
		{ "without-quote", 0, false, false, OPT_WITHOUT_QUOTE },
		OPT_END
	};
	const char *cmd = "ledger charge";
	int64_t amount = 0;
	char on[11], amt[32], billed[32];
	const char *v;
	int kind = -1;
	sd_ledger_charge line = { .id = -1 };
	buf b = { 0 };
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger charge REGNO --kind labour|travel|lodging|parts\n"
"         --amount YUAN [--on YYYY-MM-DD] [--note TEXT] [--without-quote]\n"
"Add a charge line. A service contract of the entry's equipment running on\n"
"the service date that covers this kind of cost, then its free repairs, then\n"
"the warranty tier on that date decide whether the customer pays; the tier,\n"
"what the customer pays and the contract that made it free are printed.\n"
"A line the customer pays is refused unless the entry's latest quotation\n"
"was accepted ('servdesk ledger quote').\n"
"\n"
"  --kind           labour, travel, lodging or parts\n"
"  --amount         the cost in yuan (e.g. 1280.50)\n"
"  --on             the service date (default: today)\n"
"  --note           what the line is for\n"
"  --without-quote  charge the customer without an accepted quotation\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if (!(v = cli_opt_get(&a, OPT_KIND)))
		rc = cli_need_opt(cmd, "kind");
	else if ((kind = warranty_cost_parse(v)) < 0)
		rc = cli_usage(cmd, _("unknown cost kind '%s'"), v);
	else if (!(v = cli_opt_get(&a, OPT_AMOUNT)))
		rc = cli_need_opt(cmd, "amount");
	else if (!money_parse(v, &amount))
		rc = cli_usage(cmd, _("invalid amount '%s' (expected yuan, e.g. 1280.50)"), v);
	else
		rc = opt_date(cmd, &a, OPT_ON, on);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = quote_charge(c->st, a.pos[0], kind, amount, on, cli_opt_get(&a, OPT_NOTE),
	                       cli_opt_has(&a, OPT_WITHOUT_QUOTE), &c->err)) != SD_OK ||
	    (rc = ledger_charge_each(c->st, a.pos[0], newest_charge, &line, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (line.id < 0) {
		sd_err_set(&c->err, SD_INTERNAL, "%s", _("the charge line just added cannot be read"));
		rc = cli_fail(c);
		goto out;
	}
	/* the line as recorded: the tier on the service date and what the customer pays */
	money_format(line.amount_fen, amt);
	money_format(line.billed_fen, billed);
	{
		const char *labels[] = { _("Charge"), _("Warranty tier"), _("Customer pays"), _("Contract"),
		                         _("Cause") };
		int labw = 0;
		buf t = { 0 };

		labw = out_label_width(labels, SD_ARRAY_LEN(labels));
		buf_printf(&t, "%s %s", warranty_cost_name(line.cost >= 0 ? line.cost : kind), amt);
		show_line(&b, labels[0], buf_str(&t), labw);
		buf_reset(&t);
		buf_printf(&t, _("%s (%s)"), warranty_tier_name(line.tier), warranty_tier_code(line.tier));
		show_line(&b, labels[1], buf_str(&t), labw);
		show_line(&b, labels[2], billed, labw);
		if (line.contract_id > 0) {
			buf_reset(&t);
			contract_cover_text(&t, line.contract_id, line.free_repair);
			show_line(&b, labels[3], buf_str(&t), labw);
		}
		if (line.cause[0]) {
			buf_reset(&t);
			ledger_cause_text(c->st, &t, line.cause);
			show_line(&b, labels[4], buf_str(&t), labw);
		}
		buf_free(&t);
	}
	rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
out:
	buf_free(&b);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- items */

/* --version N: the version of the entry the person last saw (-1 when not given). */
static int
opt_version(const char *cmd, const cli_args *a, int *version)
{
	const char *v = cli_opt_get(a, OPT_VERSION);

	*version = -1;
	if (!v)
		return SD_OK;
	return parse_count(cmd, "version", v, version);
}

/* An item number: 1, 2, ...; 0 when it is not one. */
static int
item_number(const char *v)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(v, &end, 10);
	return errno || end == v || *end || x < 1 || x > 10000 ? 0 : (int)x;
}

static int
led_item(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "version", 0, true, false, OPT_VERSION },
		OPT_END
	};
	const char *cmd = "ledger item";
	int pos = 0, state = -1, version = -1;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "tttt", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger item REGNO N done|notours|unresolvable TEXT\n"
"         [--version N]\n"
"Settle maintenance item N of the entry: done (TEXT: what was done), notours\n"
"(TEXT: why it is not ours) or unresolvable (TEXT: the reason). The fault\n"
"can be recorded as cleared, and the entry closed, only when every item is\n"
"settled; 'servdesk ledger show' lists the items.\n"
"\n"
"  --version  the entry's version last seen: refused if it changed since\n"));
	}
	if (a.npos != 4)
		rc = cli_usage(cmd, "%s", _("expected REGNO, the item number, the outcome and the text"));
	else if ((pos = item_number(a.pos[1])) < 1)
		rc = cli_usage(cmd, _("invalid item number '%s'"), a.pos[1]);
	else if ((state = ledger_item_state_parse(a.pos[2])) <= ITEM_OPEN)
		rc = cli_usage(cmd, _("unknown item outcome '%s' (expected done, notours or unresolvable)"),
		               a.pos[2]);
	else
		rc = opt_version(cmd, &a, &version);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = ledger_item_settle(c->st, a.pos[0], pos, state, a.pos[3], version, &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- the service card */

static int
led_card(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "signed-by", 0, true, false, OPT_SIGNED_BY },
		{ "signed-at", 0, true, false, OPT_SIGNED_AT },
		{ "opinion", 0, true, false, OPT_OPINION },
		{ "rating", 0, true, false, OPT_RATING },
		{ "version", 0, true, false, OPT_VERSION },
		OPT_END
	};
	const char *cmd = "ledger card";
	char at[17];
	const char *v;
	int rating = 0, version = -1;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger card REGNO --signed-by NAME --opinion TEXT --rating N\n"
"         [--signed-at 'YYYY-MM-DD HH:MM'] [--version N]\n"
"Record the service card the customer signed after an on-site service: who\n"
"signed, when (default: now), the customer's opinion and a rating 1 to 5.\n"
"It also records the user's confirmation (signed on the service card) if\n"
"none is recorded yet. An on-site entry is closed only once its card is\n"
"recorded. The card is due back at the office card_days working days later\n"
"(setting, default 5): 'servdesk ledger card-in' records its return.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if (!cli_opt_has(&a, OPT_SIGNED_BY))
		rc = cli_need_opt(cmd, "signed-by");
	else if (!cli_opt_has(&a, OPT_OPINION))
		rc = cli_need_opt(cmd, "opinion");
	else if (!(v = cli_opt_get(&a, OPT_RATING)))
		rc = cli_need_opt(cmd, "rating");
	else if ((rating = item_number(v)) < 1 || rating > 5)
		rc = cli_usage(cmd, _("invalid rating '%s' (expected 1 to 5)"), v);
	else if ((rc = opt_time(cmd, &a, OPT_SIGNED_AT, at)) == SD_OK)
		rc = opt_version(cmd, &a, &version);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = ledger_card(c->st, a.pos[0], cli_opt_get(&a, OPT_SIGNED_BY), at, cli_opt_get(&a, OPT_OPINION),
	                      rating, version, &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
led_card_in(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "at", 0, true, false, OPT_AT },
		{ "version", 0, true, false, OPT_VERSION },
		OPT_END
	};
	const char *cmd = "ledger card-in";
	char at[17];
	int version = -1;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger card-in REGNO [--at 'YYYY-MM-DD HH:MM'] [--version N]\n"
"Record that the entry's signed service card came back to the office\n"
"(default: now), also after the entry was closed. Its travel charges are\n"
"reimbursable from then on.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if ((rc = opt_time(cmd, &a, OPT_AT, at)) == SD_OK)
		rc = opt_version(cmd, &a, &version);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = ledger_card_in(c->st, a.pos[0], at, version, &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

struct cards_out {
	int fmt;
	out_table *table;
	buf b;
	sd_json j;
};

static int
card_row(const sd_card_out *co, void *arg)
{
	struct cards_out *o = arg;
	char late[16];
	const char *cells[6];

	snprintf(late, sizeof late, "%d", co->days_late);
	cells[0] = co->engineer;
	cells[1] = co->regno;
	cells[2] = co->customer;
	cells[3] = co->signed_at;
	cells[4] = co->due;
	cells[5] = late;
	if (o->fmt == FMT_TABLE) {
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		csv_put_record(&o->b, cells, 6);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "engineer", co->engineer);
		json_kstr(&o->j, "regno", co->regno);
		json_kstr(&o->j, "customer", co->customer);
		json_kstr(&o->j, "signed_at", co->signed_at);
		json_kstr(&o->j, "due", co->due);
		json_kint(&o->j, "days_late", co->days_late);
		json_end(&o->j);
	}
	return 0;
}

static int
led_cards(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "overdue", 0, false, false, OPT_OVERDUE },
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	static const char *const csv_heads[] = { "engineer", "regno", "customer", "signed_at", "due",
	                                         "days_late" };
	const char *cmd = "ledger cards";
	struct cards_out o = { .fmt = FMT_TABLE };
	char now[17];
	sd_date today = 0;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger cards [--overdue] [--engineer LOGIN] [--format table|csv|json]\n"
"List the signed service cards not yet back at the office, by engineer and\n"
"the day each is due back, with the days past that day.\n"
"\n"
"  --overdue   only the cards past their day\n"
"  --engineer  only this engineer's entries\n"
"  --format    table (default), csv or json\n"));
	}
	if (a.npos != 0)
		rc = cli_usage(cmd, "%s", _("no arguments expected"));
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[6] = { _("Engineer"), _("Reg. no."), _("Customer"), _("Signed at"),
		                         _("Due back"), _("Days late") };
		o.table = out_table_new(6, heads, NULL);
	} else if (o.fmt == FMT_CSV) {
		csv_put_record(&o.b, csv_heads, 6);
	} else {
		json_start(&o.j, &o.b);
		json_arr_lines(&o.j);
	}
	store_now(now);
	now[10] = '\0';
	date_parse(now, &today);
	if ((rc = ledger_cards_out(c->st, today, cli_opt_has(&a, OPT_OVERDUE), cli_opt_get(&a, OPT_ENGINEER),
	                           card_row, &o, &c->err)) != SD_OK) {
		out_table_free(o.table);
		buf_free(&o.b);
		cli_args_free(&a);
		return cli_fail(c);
	}
	cli_args_free(&a);
	if (o.fmt == FMT_TABLE) {
		rc = out_table_print(o.table, stdout);
		out_table_free(o.table);
	} else if (o.fmt == FMT_CSV) {
		rc = out_write(stdout, buf_str(&o.b), o.b.len);
	} else {
		json_end(&o.j);
		buf_putc(&o.b, '\n');
		rc = out_raw(stdout, buf_str(&o.b), o.b.len);
	}
	buf_free(&o.b);
	return cli_finish_output(c, rc);
}

/* ---------------------------------------------------------------- list */

static const char *const list_csv_heads[] = {
	"regno", "state", "priority", "mode", "customer", "engineer", "next_due", "sla",
	"mark", "first_item", "next_clock", "to_escalate", "repeat"
};

/* What the next due time is for: the clock's name, or "to escalate". */
static const char *
next_label(const sd_ledger_row *r)
{
	if (r->to_escalate)
		return _("to escalate");
	return r->next_clock >= 0 ? sla_clock_name(r->next_clock) : "";
}

static void
list_row(cli_list *o, const void *row)
{
	const sd_ledger_row *r = row;
	char due[17], prio[8];
	const char *mode = r->mode >= 0 ? ledger_mode_code(r->mode) : "";

	char state[64];

	fmt_time(r->next_due, due);
	snprintf(prio, sizeof prio, "P%d", r->priority);
	if (r->repeat)
		snprintf(state, sizeof state, "%s %s", history_repeat_label(), ledger_state_name(r->state));
	else
		snprintf(state, sizeof state, "%s", ledger_state_name(r->state));
	if (o->fmt == FMT_TABLE) {
		const char *cells[10] = {
			sla_state_mark(r->worst), r->regno, state, prio,
			r->mode >= 0 ? ledger_mode_name(r->mode) : "", r->customer, r->engineer,
			due, next_label(r), r->first_item
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[SD_ARRAY_LEN(list_csv_heads)] = {
			r->regno, ledger_state_code(r->state), prio, mode,
			r->customer ? r->customer : "", r->engineer ? r->engineer : "", due,
			sla_code(r->worst), sla_state_mark(r->worst),
			r->first_item ? r->first_item : "", sla_clock_code(r->next_clock),
			r->to_escalate ? "1" : "0", r->repeat ? "1" : "0"
		};
		csv_put_record(&o->b, cells, SD_ARRAY_LEN(cells));
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "regno", r->regno);
		json_kstr(&o->j, "state", ledger_state_code(r->state));
		json_kint(&o->j, "priority", r->priority);
		jt(&o->j, "mode", mode);
		json_kstr(&o->j, "customer", r->customer);
		json_kstr(&o->j, "engineer", r->engineer);
		jt(&o->j, "next_due", due);
		json_kstr(&o->j, "sla", sla_code(r->worst));
		json_kstr(&o->j, "mark", sla_state_mark(r->worst));
		json_kstr(&o->j, "first_item", r->first_item);
		jt(&o->j, "next_clock", sla_clock_code(r->next_clock));
		json_kbool(&o->j, "to_escalate", r->to_escalate);
		json_kbool(&o->j, "repeat", r->repeat);
		json_end(&o->j);
	}
	o->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max,
          void *rows, int *n)
{
	return ledger_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	ledger_row_free(row);
}

static const struct cli_pager list_pager = {
	sizeof(sd_ledger_row), list_page, list_row, list_free
};

static int
led_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "state", 0, true, false, OPT_STATE },
		{ "open", 0, false, false, OPT_OPEN },
		{ "overdue", 0, false, false, OPT_OVERDUE },
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "search", 0, true, false, OPT_SEARCH },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "ledger list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_ledger_query q;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger list [--state S] [--open] [--overdue] [--engineer LOGIN]\n"
"         [--search TEXT] [--format table|csv|json]\n"
"List the ledger in order of register number. The first column marks the\n"
"service-level clocks: '!!' past due, '!' due soon, '||' paused, 'x' a\n"
"commitment missed, 'ok' all met. 'Next due' is the earliest due time of\n"
"the clocks still running, 'For' its clock ('to escalate': no solution yet,\n"
"the entry must go to the expert group by then).\n"
"\n"
"  --state     registered, assigned, proposed, in_service, awaiting, closed\n"
"              or unresolvable\n"
"  --open      only entries neither closed nor unresolvable\n"
"  --overdue   only entries past or near a commitment, most urgent first\n"
"  --engineer  only this engineer's entries\n"
"  --search    text in customer, requester, phone or items\n"
"  --format    table (default), csv or json\n"));
	}
	ledger_query_init(&q);
	q.desc = false;
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_STATE)) && (q.state = ledger_state_parse(v)) < 0)
		rc = cli_usage(cmd, _("unknown state '%s'"), v);
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	q.open_only = cli_opt_has(&a, OPT_OPEN);
	q.due_only = cli_opt_has(&a, OPT_OVERDUE);
	q.engineer = cli_opt_get(&a, OPT_ENGINEER);
	q.search = cli_opt_get(&a, OPT_SEARCH);
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[10] = {
			_("SLA"), _("Reg. no."), _("State"), _("Pri."), _("Mode"), _("Customer"),
			_("Engineer"), _("Next due"), _("For"), _("Item")
		};
		static const int caps[10] = { 0, 0, 14, 0, 10, 24, 12, 0, 12, 36 };
		t = out_table_new(10, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- show */

static int
led_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		OPT_END
	};
	const char *cmd = "ledger show";
	cli_docout d;
	sd_doc *doc = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger show REGNO [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"Show one ledger entry: the request (customer, requester, phone, equipment,\n"
"the customer's appointed engineer, the maintenance items and how each was\n"
"settled), the entry's fields and signatures, each service-level clock with\n"
"its state and due time, the charges and payments with their totals, the\n"
"whole history, repair orders and the loan unit, and the service card.\n"
"\n"
"  --format     text (default), csv, json, xlsx or pdf (xlsx and pdf only\n"
"               with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      132 (default) or 80 columns (text)\n"
"  -o FILE      write to FILE (written beside it, then renamed)\n"
"  --print      send the entry to the print command (a PDF, or the text\n"
"               with --format text)\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else
		rc = cli_docout_parse(cmd, cli_opt_get(&a, OPT_FORMAT), cli_opt_get(&a, OPT_ENCODING),
		                      cli_opt_has(&a, OPT_WIDTH) ? cli_opt_get(&a, OPT_WIDTH) : "132",
		                      cli_opt_get(&a, OPT_OUTPUT), cli_opt_has(&a, OPT_PRINT), &d);
	if (rc == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = ledger_entry_doc(c->st, a.pos[0], SD_NO_TIME, &doc, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else if ((rc = cli_docout_write(c, &d, doc)) != SD_OK)
			rc = c->err.status ? cli_fail(c) : rc;
	}
	doc_free(doc);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- explain */

static int
led_explain(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	const char *cmd = "ledger explain";
	buf b = { 0 };
	char *clean;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger explain REGNO\n"
"Explain how each due time of the entry was computed: the policy used, the\n"
"hours that counted, the paused spans, the weekends, holidays and adjusted\n"
"working days passed over, and whether each commitment was met.\n"));
	}
	if (a.npos != 1) {
		cli_args_free(&a);
		return cli_usage(cmd, "%s", _("one register number expected"));
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = ledger_explain(c->st, a.pos[0], &b, &c->err)) != SD_OK) {
		buf_free(&b);
		cli_args_free(&a);
		return cli_fail(c);
	}
	clean = text_sanitize(buf_str(&b), true);
	rc = cli_finish_output(c, out_write(stdout, clean, strlen(clean)));
	free(clean);
	buf_free(&b);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- fault categories */

struct fault_out {
	store *st;
	int fmt;
	out_table *table;
	buf b;
	sd_json j;
	size_t n;
};

static int
fault_row(const char *code, const char *name, void *arg)
{
	struct fault_out *o = arg;
	bool maker = ledger_fault_maker(o->st, code) != 0;
	const char *cells[3] = { code, name, maker ? _("yes") : _("no") };

	if (o->fmt == FMT_TABLE) {
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		cells[2] = maker ? "1" : "0";
		csv_put_record(&o->b, cells, 3);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "code", code);
		json_kstr(&o->j, "name", name);
		json_kbool(&o->j, "maker", maker);
		json_end(&o->j);
	}
	o->n++;
	return 0;
}

static int
led_faults(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	static const char *const csv_heads[] = { "code", "name", "maker" };
	const char *cmd = "ledger faults";
	struct fault_out o = { .fmt = FMT_TABLE };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk ledger faults [--format table|csv|json]\n"
"List the fault categories (code and name) in order of code, and whether\n"
"each is the maker's responsibility: damage from misuse, human damage, force\n"
"majeure or the site's conditions is charged inside the warranty too.\n"
"'servdesk ledger propose --fault CODE' takes one of these codes.\n"
"\n"
"  --format  table (default), csv or json\n"));
	}
	if (a.npos != 0)
		rc = cli_usage(cmd, "%s", _("no arguments expected"));
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	cli_args_free(&a);
	if (rc != SD_OK)
		return rc;
	if ((rc = cli_open(c, false)) != SD_OK)
		return cli_fail(c);
	o.st = c->st;
	if (o.fmt == FMT_TABLE) {
		const char *heads[3] = { _("Code"), _("Name"), _("Maker's responsibility") };
		o.table = out_table_new(3, heads, NULL);
	} else if (o.fmt == FMT_CSV) {
		csv_put_record(&o.b, csv_heads, 3);
	} else {
		json_start(&o.j, &o.b);
		json_arr_lines(&o.j);
	}
	if ((rc = ledger_fault_each(c->st, fault_row, &o, &c->err)) != SD_OK) {
		out_table_free(o.table);
		buf_free(&o.b);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		rc = out_table_print(o.table, stdout);
		out_table_free(o.table);
	} else if (o.fmt == FMT_CSV) {
		rc = out_write(stdout, buf_str(&o.b), o.b.len);
	} else {
		json_end(&o.j);
		buf_putc(&o.b, '\n');
		rc = out_raw(stdout, buf_str(&o.b), o.b.len);
	}
	buf_free(&o.b);
	return cli_finish_output(c, rc);
}

/* ---------------------------------------------------------------- ledger */

int
cli_ledger(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "charge", led_charge }, { "list", led_list }, { "show", led_show },
		{ "explain", led_explain }, { "faults", led_faults },
		{ "repair", cli_ledger_repair }, { "loan", cli_ledger_loan },
		{ "loan-return", cli_ledger_loan_return },
		{ "report", cli_ledger_report },
		{ "item", led_item }, { "card", led_card }, { "card-in", led_card_in },
		{ "cards", led_cards },
		{ "quote", cli_ledger_quote },
	};

	if (argc < 1)
		return cli_usage("ledger", "%s", _("a subcommand is required (see 'servdesk ledger --help')"));
	for (size_t i = 0; i < SD_ARRAY_LEN(steps); i++)
		if (strcmp(raw[0], steps[i].name) == 0)
			return led_step(c, &steps[i], argc - 1, argv + 1, raw + 1);
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk ledger SUBCOMMAND REGNO ...\n"
"The after-sales ledger. 'servdesk ledger SUBCOMMAND --help' describes each.\n"
"\n"
"  take          take a request into the ledger (responsible person)\n"
"  assign        assign the responsible engineer\n"
"  propose       record the solution and the service mode\n"
"  contact       record the first contact with the customer\n"
"  diagnose      record the diagnosis with its finding\n"
"  escalate      escalate to the expert group (an engineer or supervisor)\n"
"  plan          record the planned visit\n"
"  arrive        record the arrival on site\n"
"  item          settle one maintenance item (done, not ours, unresolvable)\n"
"  clear         record that the fault was cleared\n"
"  confirm       record the user's confirmation\n"
"  card          record the customer's signed service card (on-site)\n"
"  card-in       record that the service card came back to the office\n"
"  cards         list the service cards not back (--overdue: past their day)\n"
"  close         close the entry\n"
"  unresolvable  close without a fix, with the reason\n"
"  pause, resume pause and restart the service-level clocks\n"
"  charge        add a charge line (the warranty tier decides who pays)\n"
"  pay           record money received with the invoice number\n"
"  list          list the entries (--overdue: past or near a commitment)\n"
"  show          show one entry with its clocks, charges and history\n"
"  report        the service report for the customer (服务报告)\n"
"  explain       explain how each due time was computed\n"
"  faults        list the fault categories (is the maker responsible?)\n"
"  repair        open a factory repair order for the entry's product\n"
"  loan          lend a loan unit while the customer's equipment is away\n"
"  loan-return   record that the loan unit came back\n"
"  quote         make a quotation (报价单) for chargeable work\n"));
	if (!argv[0])
		return cli_usage("ledger", "%s", _("invalid argument"));
	return cli_usage("ledger", _("unknown subcommand '%s'"), argv[0]);
}

/* ---------------------------------------------------------------- complaints */

static int
cmp_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "class", 0, true, false, OPT_CLASS },
		{ "description", 0, true, false, OPT_DESCRIPTION },
		{ "request", 0, true, false, OPT_REQUEST },
		{ "order", 0, true, false, OPT_ORDER },
		{ "part", 0, true, false, OPT_PART },
		{ "delivered", 0, true, false, OPT_DELIVERED },
		{ "quantity", 0, true, false, OPT_QUANTITY },
		{ "defective", 0, true, false, OPT_DEFECTIVE },
		OPT_END
	};
	const char *cmd = "complaint add";
	sd_complaint cp;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint add --customer NAME --class quality|nonquality|other\n"
"         --description TEXT [--request REGNO] [--order NO] [--part NO]\n"
"         [--delivered YYYY-MM-DD] [--quantity N] [--defective N]\n"
"Record a complaint and print its number.\n"
"\n"
"  --class       quality, nonquality (human cause) or other\n"
"  --request     the ledger entry it concerns\n"
"  --order       order number\n"
"  --part        part number\n"
"  --delivered   delivery date\n"
"  --quantity    quantity delivered\n"
"  --defective   defective quantity (at most the quantity)\n"));
	}
	memset(&cp, 0, sizeof cp);
	cp.quantity = cp.defective = -1;
	cp.cls = -1;
	if (!cli_opt_has(&a, OPT_CUSTOMER))
		rc = cli_need_opt(cmd, "customer");
	else if (!(v = cli_opt_get(&a, OPT_CLASS)))
		rc = cli_need_opt(cmd, "class");
	else if ((cp.cls = complaint_class_parse(v)) < 0)
		rc = cli_usage(cmd, _("unknown complaint class '%s'"), v);
	else if (!cli_opt_has(&a, OPT_DESCRIPTION))
		rc = cli_need_opt(cmd, "description");
	else if ((rc = opt_date(cmd, &a, OPT_DELIVERED, cp.delivered_on)) != SD_OK)
		;
	else if ((v = cli_opt_get(&a, OPT_QUANTITY)) &&
	         (rc = parse_count(cmd, "quantity", v, &cp.quantity)) != SD_OK)
		;
	else if ((v = cli_opt_get(&a, OPT_DEFECTIVE)))
		rc = parse_count(cmd, "defective", v, &cp.defective);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	cp.customer = xstrdup(cli_opt_get(&a, OPT_CUSTOMER));
	cp.description = xstrdup(cli_opt_get(&a, OPT_DESCRIPTION));
	cp.regno = xstrdup(cli_opt_get(&a, OPT_REQUEST));
	cp.order_no = xstrdup(cli_opt_get(&a, OPT_ORDER));
	cp.part_no = xstrdup(cli_opt_get(&a, OPT_PART));
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_add(c->st, &cp, &c->err)) != SD_OK)
		rc = cli_fail(c);
	else
		rc = cli_finish_output(c, out_printf(stdout, "%lld\n", cp.id));
	complaint_free(&cp);
	cli_args_free(&a);
	return rc;
}

static int
cmp_close(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "handling", 0, true, false, OPT_HANDLING },
		OPT_END
	};
	const char *cmd = "complaint close";
	const char *h;
	long long id = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint close ID --handling TEXT\n"
"Close out a complaint with how it was handled (required). A serious or\n"
"major complaint closes only once a supervisor approved it.\n"));
	}
	if (a.npos != 1) {
		rc = cli_usage(cmd, "%s", _("one complaint number expected"));
	} else {
		char *end;

		errno = 0;
		id = strtoll(a.pos[0], &end, 10);
		if (errno || end == a.pos[0] || *end || id <= 0)
			rc = cli_usage(cmd, _("invalid complaint number '%s'"), a.pos[0]);
	}
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	h = cli_opt_get(&a, OPT_HANDLING);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_close(c->st, id, h ? h : "", &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

struct cmp_out {
	store *st;
	sd_time now;
	int fmt;
	out_table *table;
	buf b;
	sd_json j;
	long n;
};

static const char *const cmp_csv_heads[] = {
	"id", "received_at", "class", "customer", "regno", "order_no", "part_no",
	"delivered_on", "quantity", "defective", "description", "handling", "closed_at",
	"received_by", "closed_by", "severity", "reply_due", "replied_at", "reply_state"
};

static int
cmp_row(const sd_complaint *cp, void *arg)
{
	struct cmp_out *o = arg;
	char id[24], q[16] = "", d[16] = "";

	snprintf(id, sizeof id, "%lld", cp->id);
	if (cp->quantity >= 0)
		snprintf(q, sizeof q, "%d", cp->quantity);
	if (cp->defective >= 0)
		snprintf(d, sizeof d, "%d", cp->defective);
	int rstate = complaint_reply_state(o->st, cp, o->now);
	if (o->fmt == FMT_TABLE) {
		char rs[64] = "";
		if (rstate == SLA_OVERDUE || rstate == SLA_MISSED || rstate == SLA_NEAR)
			snprintf(rs, sizeof rs, "%s %s", sla_state_mark(rstate), sla_state_name(rstate));
		const char *cells[10] = {
			id, cp->received_at, complaint_class_name(cp->cls), complaint_severity_name(cp->severity),
			cp->customer, cp->regno, cp->description, cp->handling, cp->closed_at, rs
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[SD_ARRAY_LEN(cmp_csv_heads)] = {
			id, cp->received_at, complaint_class_code(cp->cls),
			cp->customer ? cp->customer : "", cp->regno ? cp->regno : "",
			cp->order_no ? cp->order_no : "", cp->part_no ? cp->part_no : "",
			cp->delivered_on, q, d, cp->description ? cp->description : "",
			cp->handling ? cp->handling : "", cp->closed_at,
			cp->received_by ? cp->received_by : "", cp->closed_by ? cp->closed_by : "",
			complaint_severity_code(cp->severity), cp->reply_due, cp->replied_at,
			sla_state_code(rstate)
		};
		csv_put_record(&o->b, cells, SD_ARRAY_LEN(cells));
	} else {
		json_obj(&o->j);
		json_kint(&o->j, "id", cp->id);
		jt(&o->j, "received_at", cp->received_at);
		json_kstr(&o->j, "class", complaint_class_code(cp->cls));
		json_kstr(&o->j, "customer", cp->customer);
		json_kstr(&o->j, "regno", cp->regno);
		json_kstr(&o->j, "order_no", cp->order_no);
		json_kstr(&o->j, "part_no", cp->part_no);
		jt(&o->j, "delivered_on", cp->delivered_on);
		json_key(&o->j, "quantity");
		if (q[0])
			json_raw(&o->j, q);
		else
			json_null(&o->j);
		json_key(&o->j, "defective");
		if (d[0])
			json_raw(&o->j, d);
		else
			json_null(&o->j);
		json_kstr(&o->j, "description", cp->description);
		json_kstr(&o->j, "handling", cp->handling);
		jt(&o->j, "closed_at", cp->closed_at);
		json_kstr(&o->j, "received_by", cp->received_by);
		json_kstr(&o->j, "closed_by", cp->closed_by);
		json_kstr(&o->j, "severity", complaint_severity_code(cp->severity));
		jt(&o->j, "reply_due", cp->reply_due);
		jt(&o->j, "replied_at", cp->replied_at);
		json_kstr(&o->j, "reply_state", sla_state_code(rstate));
		json_end(&o->j);
	}
	o->n++;
	return 0;
}

static int
cmp_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "open", 0, false, false, OPT_OPEN },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "complaint list";
	struct cmp_out o = { 0 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint list [--open] [--format table|csv|json]\n"
"List the complaints, newest first.\n"
"\n"
"  --open     only complaints not yet closed out\n"
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
		const char *heads[10] = {
			_("No."), _("Received"), _("Class"), _("Severity"), _("Customer"), _("Reg. no."),
			_("Description"), _("Handling"), _("Closed"), _("First reply")
		};
		static const int caps[10] = { 0, 0, 12, 6, 24, 0, 36, 24, 0, 0 };
		o.table = out_table_new(10, heads, caps);
	} else if (o.fmt == FMT_CSV) {
		csv_put_record(&o.b, cmp_csv_heads, SD_ARRAY_LEN(cmp_csv_heads));
	} else {
		json_start(&o.j, &o.b);
		json_arr_lines(&o.j);
	}
	o.st = c->st;
	{
		char ns[17];
		store_now(ns);
		if (!time_parse(ns, &o.now))
			o.now = 0;
	}
	rc = complaint_each(c->st, cli_opt_has(&a, OPT_OPEN), cmp_row, &o, &c->err);
	cli_args_free(&a);
	if (rc != SD_OK) {
		out_table_free(o.table);
		buf_free(&o.b);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		rc = out_table_print(o.table, stdout);
		out_table_free(o.table);
	} else if (o.fmt == FMT_CSV) {
		rc = out_write(stdout, buf_str(&o.b), o.b.len);
	} else {
		json_end(&o.j);
		buf_putc(&o.b, '\n');
		rc = out_raw(stdout, buf_str(&o.b), o.b.len);
	}
	buf_free(&o.b);
	return cli_finish_output(c, rc);
}

int
cli_complaint(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "add", cmp_add }, { "close", cmp_close }, { "list", cmp_list },
	};
	cli_fn sub;

	if (argc < 1)
		return cli_usage("complaint", "%s", _("a subcommand is required (add, show, handle, progress, reply, approve, verify, settle, escalate, close, list)"));
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if ((sub = cli_complaint_sub(raw[0])))
		return sub(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk complaint add|show|handle|progress|reply|approve|verify|\n"
"         settle|escalate|close|list ...\n"
"Complaints: quality, non-quality (human cause) and other, handled as a\n"
"process: cause and responsibility, severity and approval, progress log\n"
"and replies, corrective action and its check, claim and settlement,\n"
"escalation to the general manager. 'servdesk complaint SUBCOMMAND --help'\n"
"describes each subcommand.\n"));
	if (!argv[0])
		return cli_usage("complaint", "%s", _("invalid argument"));
	return cli_usage("complaint", _("unknown subcommand '%s'"), argv[0]);
}

/* ---------------------------------------------------------------- policy */

struct pol_row {
	int priority;
	char *region;        /* NULL: the priority's default */
	sla_policy p;
};

struct pol_rows {
	struct pol_row *v;
	size_t n;
};

static int
collect_policy(int priority, const char *region, const sla_policy *p, void *arg)
{
	struct pol_rows *r = arg;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	r->v[r->n++] = (struct pol_row){ priority, region ? xstrdup(region) : NULL, *p };
	return 0;
}

static int
pol_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "policy list";
	struct pol_rows all = { 0 };
	struct pol_row *rows;
	size_t nrows;
	int fmt = FMT_TABLE;
	const char *v;
	buf b = { 0 };
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk policy list [--format table|csv|json]\n"
"List every row of the service-level policy as stored: first the default\n"
"row of each priority, then the rows of regions (even one equal to its\n"
"default). Each clock shows its commitment and how it counts: 30m or 2h\n"
"(round the clock), 8wh (working hours), 2wd (working days) or off.\n"));
	}
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	cli_args_free(&a);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = ledger_policy_each(c->st, collect_policy, &all, &c->err)) != SD_OK)
		goto fail;
	rows = all.v;
	nrows = all.n;
	if (fmt == FMT_TABLE) {
		const char *heads[2 + CLOCK_COUNT] = { _("Pri."), _("Region") };
		for (int k = 0; k < CLOCK_COUNT; k++)
			heads[2 + k] = sla_clock_name(k);
		out_table *t = out_table_new(2 + CLOCK_COUNT, heads, NULL);

		for (size_t i = 0; i < nrows; i++) {
			char pr[8], d[CLOCK_COUNT][24];
			const char *cells[2 + CLOCK_COUNT] = { pr, rows[i].region ? rows[i].region : _("(all)") };

			snprintf(pr, sizeof pr, "P%d", rows[i].priority);
			for (int k = 0; k < CLOCK_COUNT; k++) {
				sla_dur_format(rows[i].p.d[k], d[k], sizeof d[k]);
				cells[2 + k] = d[k];
			}
			out_table_add(t, cells);
		}
		rc = out_table_print(t, stdout);
		out_table_free(t);
		sla_hours h;
		char hs[16];
		if (rc == SD_OK && ledger_office_hours(c->st, &h)) {
			sla_hours_format(h, hs);
			printf(_("office hours for working time: %s\n"), hs);
		}
	} else if (fmt == FMT_CSV) {
		const char *heads[2 + CLOCK_COUNT] = { "priority", "region" };
		for (int k = 0; k < CLOCK_COUNT; k++)
			heads[2 + k] = sla_clock_code(k);
		csv_put_record(&b, heads, 2 + CLOCK_COUNT);
		for (size_t i = 0; i < nrows; i++) {
			char pr[8], d[CLOCK_COUNT][24];
			const char *cells[2 + CLOCK_COUNT] = { pr, rows[i].region ? rows[i].region : "" };

			snprintf(pr, sizeof pr, "P%d", rows[i].priority);
			for (int k = 0; k < CLOCK_COUNT; k++) {
				sla_dur_format(rows[i].p.d[k], d[k], sizeof d[k]);
				cells[2 + k] = d[k];
			}
			csv_put_record(&b, cells, 2 + CLOCK_COUNT);
		}
		rc = out_write(stdout, buf_str(&b), b.len);
	} else {
		sd_json j;

		json_start(&j, &b);
		json_arr_lines(&j);
		for (size_t i = 0; i < nrows; i++) {
			json_obj(&j);
			json_kint(&j, "priority", rows[i].priority);
			json_kstr(&j, "region", rows[i].region);
			for (int k = 0; k < CLOCK_COUNT; k++) {
				char d[24];
				sla_dur_format(rows[i].p.d[k], d, sizeof d);
				json_kstr(&j, sla_clock_code(k), d);
			}
			json_end(&j);
		}
		json_end(&j);
		buf_putc(&b, '\n');
		rc = out_raw(stdout, buf_str(&b), b.len);
	}
	rc = cli_finish_output(c, rc);
	goto out;
fail:
	rc = cli_fail(c);
out:
	for (size_t i = 0; i < all.n; i++)
		free(all.v[i].region);
	free(all.v);
	buf_free(&b);
	return rc;
}

/* Switch a commitment between round-the-clock and working-day counting (the old --calendar-time / --working-days). */
static sla_dur
dur_recount(sla_dur d, bool calendar)
{
	if (d.count == SLA_OFF)
		return d;
	if (calendar) {
		if (d.count == SLA_WORKDAYS)
			return (sla_dur){ SLA_ELAPSED, d.amount * 1440 };
		return (sla_dur){ SLA_ELAPSED, d.amount };
	}
	if (d.count == SLA_ELAPSED)
		return (sla_dur){ SLA_WORKHOURS, d.amount };
	return d;
}

/*
 * One clock's option: a duration with its unit, or (the old form) a bare
 * number of hours (of days for --clear) counted round the clock with
 * --calendar-time, in working time with --working-days, else as the clock
 * counts now.
 */
static int
parse_clock_opt(const char *cmd, const cli_args *a, int id, int clock, int counting, sla_dur *d)
{
	const char *v = cli_opt_get(a, id);
	const char *name = sla_clock_code(clock);
	char *end;
	long x;

	if (!v)
		return SD_OK;
	if (sla_dur_parse(v, d))
		return SD_OK;
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < 0 || x > (clock == CLOCK_CLEAR ? SLA_MAX_DAYS : SLA_MAX_MINUTES / 60))
		return cli_usage(cmd, _("invalid duration '%s' for '--%s' (expected e.g. 30m, 2h, 8wh, 2wd or off)"),
		                 v, name);
	bool calendar = counting > 0 || (counting == 0 && d->count == SLA_ELAPSED);
	if (x == 0)
		*d = (sla_dur){ SLA_OFF, 0 };
	else if (clock == CLOCK_CLEAR)
		*d = calendar ? (sla_dur){ SLA_ELAPSED, x * 1440 } : (sla_dur){ SLA_WORKDAYS, x };
	else
		*d = (sla_dur){ calendar ? SLA_ELAPSED : SLA_WORKHOURS, x * 60 };
	return SD_OK;
}

static int
pol_set(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "region", 0, true, false, OPT_REGION },
		{ "reply", 0, true, false, OPT_REPLY },
		{ "respond", 0, true, false, OPT_RESPOND },
		{ "diagnose", 0, true, false, OPT_DIAGNOSE },
		{ "onsite", 0, true, false, OPT_ONSITE },
		{ "clear", 0, true, false, OPT_CLEAR },
		{ "escalate", 0, true, false, OPT_ESCALATE },
		{ "calendar-time", 0, false, false, OPT_CALENDAR_TIME },
		{ "working-days", 0, false, false, OPT_WORKING_DAYS },
		OPT_END
	};
	static const struct { int opt, clock; } clock_opts[] = {
		{ OPT_REPLY, CLOCK_REPLY }, { OPT_RESPOND, CLOCK_RESPOND }, { OPT_DIAGNOSE, CLOCK_DIAGNOSE },
		{ OPT_ONSITE, CLOCK_ONSITE }, { OPT_CLEAR, CLOCK_CLEAR }, { OPT_ESCALATE, CLOCK_ESCALATE },
	};
	const char *cmd = "policy set";
	const char *region;
	sla_policy p;
	int prio = -1, counting = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk policy set P1..P4 [--region R] [--reply D] [--respond D]\n"
"         [--diagnose D] [--onsite D] [--clear D] [--escalate D]\n"
"Set the service-level commitments of a priority (for one region of\n"
"customers with --region), then recompute the due times of the open\n"
"entries (closed ones keep theirs). A clock not given keeps its commitment\n"
"(a new region row starts from the priority's default row).\n"
"\n"
"D is a duration with the way it counts, chosen per clock:\n"
"  30m, 2h     elapsed time, round the clock (holidays included)\n"
"  8wh, 90wm   working time: minutes of working days, inside the office\n"
"              hours when set (servdesk policy hours), else all 24 h\n"
"  2wd         working days: the same time of day on the 2nd working day\n"
"              after the day of receipt\n"
"  off         no commitment\n"
"Paused time (waiting on the customer or on parts) never counts.\n"
"\n"
"  --reply      first reply to the customer (ledger contact)\n"
"  --respond    solution proposed (ledger propose)\n"
"  --diagnose   fault diagnosed (ledger diagnose)\n"
"  --onsite     engineer on site (ledger arrive)\n"
"  --clear      fault cleared (ledger clear)\n"
"  --escalate   escalated to the expert group (ledger escalate) unless a\n"
"               solution came first; after it, the solution is due the\n"
"               same time later\n"
"\n"
"Old form, still read: bare numbers of hours for --respond and --onsite and\n"
"of days for --clear, with --calendar-time (count every minute) or\n"
"--working-days (working time; --clear in working days); without either,\n"
"as the clock counts now. --calendar-time or --working-days alone switches\n"
"every clock of the row not given.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("a priority expected (P1 to P4)"));
	else if ((prio = intake_priority_parse(a.pos[0])) < 0)
		rc = cli_usage(cmd, _("invalid priority '%s' (expected P1 to P4)"), a.pos[0]);
	else if (cli_opt_has(&a, OPT_CALENDAR_TIME) && cli_opt_has(&a, OPT_WORKING_DAYS))
		rc = cli_usage(cmd, "%s", _("--calendar-time and --working-days exclude each other"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	counting = cli_opt_has(&a, OPT_CALENDAR_TIME) ? 1 : cli_opt_has(&a, OPT_WORKING_DAYS) ? -1 : 0;
	region = cli_opt_get(&a, OPT_REGION);
	if (region && !*region)
		region = NULL;
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = cli_require(c, ACT_POLICY_CHANGE, cmd)) != SD_OK ||
	    (rc = ledger_policy(c->st, prio, region, &p, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (counting != 0)
		for (int k = 0; k < CLOCK_COUNT; k++)
			p.d[k] = dur_recount(p.d[k], counting > 0);
	for (size_t i = 0; i < SD_ARRAY_LEN(clock_opts); i++)
		if ((rc = parse_clock_opt(cmd, &a, clock_opts[i].opt, clock_opts[i].clock, counting,
		                          &p.d[clock_opts[i].clock])) != SD_OK) {
			cli_args_free(&a);
			return rc;
		}
	if ((rc = ledger_policy_set(c->st, prio, region, &p, &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
pol_hours(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	const char *cmd = "policy hours";
	sla_hours h;
	char hs[16];
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk policy hours [HH:MM-HH:MM | off]\n"
"Without an argument, show the office hours. With HH:MM-HH:MM, count\n"
"working time (commitments written 8wh or 90wm) only between these hours\n"
"of working days; with off, all 24 h of a working day count again. The\n"
"due times of the open entries are recomputed.\n"));
	}
	if (a.npos == 1 && strcmp(a.pos[0], "off") != 0 && !sla_hours_parse(a.pos[0], &h))
		rc = cli_usage(cmd, _("invalid office hours '%s' (expected HH:MM-HH:MM, e.g. 08:30-17:30, or off)"),
		               a.pos[0]);
	if (rc != SD_OK || (rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return rc != SD_OK && rc != SD_USAGE ? cli_fail(c) : rc;
	}
	if (a.npos == 0) {
		cli_args_free(&a);
		if (ledger_office_hours(c->st, &h)) {
			sla_hours_format(h, hs);
			printf("%s\n", hs);
		} else {
			printf("%s\n", _("off: all 24 h of a working day count"));
		}
		return cli_finish_output(c, SD_OK);
	}
	bool off = strcmp(a.pos[0], "off") == 0;
	cli_args_free(&a);
	if ((rc = cli_require(c, ACT_POLICY_CHANGE, cmd)) != SD_OK ||
	    (rc = ledger_office_hours_set(c->st, off ? NULL : &h, &c->err)) != SD_OK)
		return cli_fail(c);
	return SD_OK;
}

/* "2024, 2025, 2026" or "2024–2026": the years a calendar declares. */
static void
covered_years(const workcal *cal, buf *b)
{
	int first = 0, last = 0;

	buf_reset(b);
	for (int y = 1900; y <= 2200; y++) {
		if (!workcal_covers(cal, y))
			continue;
		if (first && y == last + 1) {
			last = y;
			continue;
		}
		if (first) {
			buf_printf(b, first == last ? "%d, " : "%d–%d, ", first, last);
		}
		first = last = y;
	}
	if (first)
		buf_printf(b, first == last ? "%d" : "%d–%d", first, last);
	else
		buf_puts(b, _("none (Monday to Friday assumed)"));
}

static int
pol_calendar_show(cli *c)
{
	const workcal *cal;
	char *file, *ufile;
	buf b = { 0 }, y = { 0 };
	int rc;

	file = store_setting(c->st, "calendar_file", "");
	if (!(cal = ledger_calendar(c->st, &c->err))) {
		free(file);
		return cli_fail(c);
	}
	covered_years(cal, &y);
	ufile = out_from_locale(file);
	{
		const char *labels[] = { _("Calendar"), _("Years covered") };
		int labw = 0;
		buf t = { 0 };

		labw = out_label_width(labels, SD_ARRAY_LEN(labels));
		if (*file)
			buf_printf(&t, _("file %s"), ufile);
		else
			buf_puts(&t, _("built in (China's public holidays and adjusted working days)"));
		show_line(&b, labels[0], buf_str(&t), labw);
		show_line(&b, labels[1], buf_str(&y), labw);
		buf_free(&t);
	}
	rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
	free(ufile);
	free(file);
	buf_free(&b);
	buf_free(&y);
	return rc;
}

/* Store the calendar file setting (value "" = the built-in calendar) and recompute. */
static int
pol_calendar_set(cli *c, const char *value, const workcal *cal)
{
	buf y = { 0 };
	long count = 0;
	int rc;

	/* the setting and the due times it gives are one change */
	rc = setting_change(c->st, "calendar_file", *value ? value : NULL, &count, &c->err);
	if (rc != SD_OK)
		goto out;
	if (cal) {
		covered_years(cal, &y);
		out_note(_("calendar in force, covering %s; %ld open entries recomputed"),
		         buf_str(&y), count);
	} else {
		out_note(_("built-in calendar in force; %ld open entries recomputed"), count);
	}
out:
	buf_free(&y);
	return rc;
}

static int
pol_calendar(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "builtin", 0, false, false, OPT_BUILTIN },
		OPT_END
	};
	const char *cmd = "policy calendar";
	workcal *cal = NULL;
	char *abs = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "p", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk policy calendar [FILE | --builtin]\n"
"Without FILE, show which working-day calendar is in force and the years\n"
"it covers (other years count Monday to Friday as working days).\n"
"With FILE, check the calendar file (errors name the line), put it in\n"
"force and recompute the due times of the open entries.\n"
"\n"
"  --builtin   put the built-in calendar back in force\n"
"\n"
"File format: 'year 2026', 'YYYY-MM-DD holiday NAME',\n"
"'YYYY-MM-DD..YYYY-MM-DD holiday NAME', 'YYYY-MM-DD workday NAME'.\n"));
	}
	if (a.npos == 1 && cli_opt_has(&a, OPT_BUILTIN))
		rc = cli_usage(cmd, "%s", _("FILE and --builtin exclude each other"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (a.npos == 0 && !cli_opt_has(&a, OPT_BUILTIN)) {
		cli_args_free(&a);
		return pol_calendar_show(c);
	}
	if ((rc = cli_require(c, ACT_POLICY_CHANGE, cmd)) != SD_OK)
		goto fail;
	if (cli_opt_has(&a, OPT_BUILTIN)) {
		if ((rc = pol_calendar_set(c, "", NULL)) != SD_OK)
			goto fail;
		cli_args_free(&a);
		return SD_OK;
	}
	if ((rc = workcal_load(a.pos[0], &cal, &c->err)) != SD_OK)
		goto fail;
	if (!(abs = realpath(a.pos[0], NULL))) {
		char *u = out_from_locale(a.pos[0]), *e = out_from_locale(strerror(errno));

		rc = sd_err_set(&c->err, SD_IOERR, "%s: %s", u, e);
		free(u);
		free(e);
		goto fail;
	}
	if (!utf8_valid(abs, strlen(abs), NULL)) {
		rc = sd_err_set(&c->err, SD_DATAERR, "%s",
		                _("calendar file: the file name must be valid UTF-8"));
		goto fail;
	}
	if ((rc = pol_calendar_set(c, abs, cal)) != SD_OK)
		goto fail;
	workcal_free(cal);
	free(abs);
	cli_args_free(&a);
	return SD_OK;
fail:
	workcal_free(cal);
	free(abs);
	cli_args_free(&a);
	return cli_fail(c);
}

int
cli_policy(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "list", pol_list }, { "set", pol_set }, { "calendar", pol_calendar },
		{ "hours", pol_hours }, { "complaint", cli_policy_complaint },
	};

	if (argc < 1)
		return cli_usage("policy", "%s", _("a subcommand is required (list, set, hours, calendar, complaint)"));
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk policy list|set|hours|calendar|complaint ...\n"
"The service-level policy (the clocks' commitments per priority and\n"
"region), the office hours, the working-day calendar and the first reply\n"
"to a complaint. 'servdesk policy SUBCOMMAND --help'\n"
"describes each subcommand.\n"));
	if (!argv[0])
		return cli_usage("policy", "%s", _("invalid argument"));
	return cli_usage("policy", _("unknown subcommand '%s'"), argv[0]);
}
