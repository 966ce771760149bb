/*
 * cli_complaint.c — the command line of a complaint's handling: show,
 * handle, progress, reply, approve, verify, settle, escalate, and the
 * first-reply clock's policy (servdesk policy complaint). Every rule is the
 * core's (complaint.c); this file parses and prints.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "complaint.h"
#include "datetime.h"
#include "money.h"
#include "out.h"
#include "sla.h"
#include "staff.h"
#include "store.h"
#include "text.h"

enum {
	OPT_CAUSE = 1, OPT_DEPARTMENT, OPT_PERSON, OPT_SEVERITY, OPT_ACTION, OPT_CLAIM, OPT_NO_CLAIM,
	OPT_HANDLING, OPT_TEXT, OPT_NOTE, OPT_RESULT, OPT_AMOUNT, OPT_ON, OPT_OUTCOME,
};
#define OPT_END { NULL, 0, false, false, 0 }

/* The complaint number in a.pos[0]; SD_OK or SD_USAGE. */
static int
complaint_id(const char *cmd, const cli_args *a, long long *id)
{
	char *end;

	if (a->npos != 1)
		return cli_usage(cmd, "%s", _("one complaint number expected"));
	errno = 0;
	*id = strtoll(a->pos[0], &end, 10);
	if (errno || end == a->pos[0] || *end || *id <= 0)
		return cli_usage(cmd, _("invalid complaint number '%s'"), a->pos[0]);
	return SD_OK;
}

/* Yuan into fen (>= 0); SD_OK or SD_USAGE naming the option. */
static int
parse_yuan(const char *cmd, const char *opt, const char *v, long long *fen)
{
	int64_t f;

	if (!money_parse(v, &f) || f < 0)
		return cli_usage(cmd, _("invalid amount '%s' for '--%s' (yuan, e.g. 1200 or 1200.50)"), v, opt);
	*fen = f;
	return SD_OK;
}

static void
line(buf *b, const char *label, const char *value, int labw)
{
	if (!value || !*value) {
		buf_puts(b, label);
		buf_puts(b, text_sep_caption());
		buf_putc(b, '\n');
		return;
	}
	out_label_line(b, label, value, labw);
}

/* "who, when: text" of a signature, or "". */
static void
signed_text(buf *t, const char *who, const char *at, const char *text)
{
	buf_reset(t);
	if (!who || !*who)
		return;
	buf_printf(t, "%s%s%s", who, text_sep_item(), at ? at : "");
	if (text && *text)
		buf_printf(t, "%s%s", text_sep_note(), text);
}

static int
show_progress(const sd_complaint_progress *p, void *arg)
{
	buf *b = arg;

	char *by = text_sanitize(p->by ? p->by : "", false), *text = text_sanitize(p->text, false);

	buf_printf(b, "  %s  %s  [%s]  %s\n", p->at, by, complaint_progress_kind_name(p->kind), text);
	free(by);
	free(text);
	return SD_OK;
}

static int
cmp_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	const char *cmd = "complaint show";
	sd_complaint cp;
	long long id;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint show ID\n"
"Show a complaint: its details, its handling (cause, responsibility,\n"
"severity and approval, corrective action and its check, claim and\n"
"settlement, escalation to the general manager), the first-reply clock\n"
"and the progress log.\n"));
	}
	rc = complaint_id(cmd, &a, &id);
	cli_args_free(&a);
	if (rc != SD_OK)
		return rc;
	if ((rc = cli_open(c, false)) != SD_OK || (rc = complaint_get(c->st, id, &cp, &c->err)) != SD_OK)
		return cli_fail(c);

	const char *labels[] = {
		_("Complaint"), _("Received"), _("Customer"), _("Class"), _("Severity"), _("Reg. no."),
		_("Description"), _("Cause"), _("Responsible department"), _("Responsible person"),
		_("Approved"), _("Corrective action"), _("Checked"), _("Claim"), _("Settled"),
		_("General manager"), _("First reply"), _("Handling"), _("Closed"),
	};
	int labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	buf b = { 0 }, t = { 0 };
	char s[64], m[32];
	sd_time now;

	snprintf(s, sizeof s, "%lld", cp.id);
	line(&b, labels[0], s, labw);
	buf_printf(&t, "%s%s%s", cp.received_at, text_sep_item(), cp.received_by ? cp.received_by : "");
	line(&b, labels[1], buf_str(&t), labw);
	line(&b, labels[2], cp.customer, labw);
	line(&b, labels[3], complaint_class_name(cp.cls), labw);
	buf_reset(&t);
	buf_puts(&t, complaint_severity_name(cp.severity));
	if (complaint_needs_approval(cp.severity) && !cp.approved_at[0])
		buf_printf(&t, " (%s)", _("awaiting the supervisor's approval"));
	line(&b, labels[4], buf_str(&t), labw);
	line(&b, labels[5], cp.regno, labw);
	line(&b, labels[6], cp.description, labw);
	line(&b, labels[7], cp.cause, labw);
	line(&b, labels[8], cp.department, labw);
	line(&b, labels[9], cp.responsible, labw);
	signed_text(&t, cp.approved_by, cp.approved_at, cp.approval_note);
	line(&b, labels[10], buf_str(&t), labw);
	line(&b, labels[11], cp.corrective, labw);
	signed_text(&t, cp.verified_by, cp.verified_at, cp.verify_result);
	line(&b, labels[12], buf_str(&t), labw);
	m[0] = '\0';
	if (cp.claim_fen >= 0)
		money_format(cp.claim_fen, m);
	line(&b, labels[13], m, labw);
	buf_reset(&t);
	if (cp.settled_fen >= 0) {
		money_format(cp.settled_fen, m);
		buf_printf(&t, "%s%s%s", m, text_sep_item(), cp.settled_on);
	}
	line(&b, labels[14], buf_str(&t), labw);
	buf_reset(&t);
	if (cp.gm_escalated_on[0]) {
		buf_printf(&t, _("escalated on %s"), cp.gm_escalated_on);
		if (cp.gm_outcome && *cp.gm_outcome)
			buf_printf(&t, "%s%s", text_sep_note(), cp.gm_outcome);
	}
	line(&b, labels[15], buf_str(&t), labw);
	buf_reset(&t);
	{
		char ns[17];
		store_now(ns);
		if (!time_parse(ns, &now))
			now = 0;
	}
	int state = complaint_reply_state(c->st, &cp, now);
	if (cp.reply_due[0]) {
		buf_printf(&t, _("due %s"), cp.reply_due);
		if (cp.replied_at[0])
			buf_printf(&t, _(", replied %s"), cp.replied_at);
		buf_printf(&t, "%s%s%s", text_paren_open(), sla_state_name(state), text_paren_close());
	} else if (cp.replied_at[0]) {
		buf_printf(&t, _("replied %s"), cp.replied_at);
	}
	line(&b, labels[16], buf_str(&t), labw);
	line(&b, labels[17], cp.handling, labw);
	buf_reset(&t);
	if (cp.closed_at[0])
		buf_printf(&t, "%s%s%s", cp.closed_at, text_sep_item(), cp.closed_by ? cp.closed_by : "");
	line(&b, labels[18], buf_str(&t), labw);
	buf_printf(&b, "\n%s%s\n", _("Progress"), text_sep_caption());
	rc = complaint_progress_each(c->st, id, show_progress, &b, &c->err);
	complaint_free(&cp);
	buf_free(&t);
	if (rc != SD_OK) {
		buf_free(&b);
		return cli_fail(c);
	}
	rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
	buf_free(&b);
	return rc;
}

static int
cmp_handle(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "cause", 0, true, false, OPT_CAUSE },
		{ "department", 0, true, false, OPT_DEPARTMENT },
		{ "person", 0, true, false, OPT_PERSON },
		{ "severity", 0, true, false, OPT_SEVERITY },
		{ "action", 0, true, false, OPT_ACTION },
		{ "claim", 0, true, false, OPT_CLAIM },
		{ "no-claim", 0, false, false, OPT_NO_CLAIM },
		{ "handling", 0, true, false, OPT_HANDLING },
		OPT_END
	};
	const char *cmd = "complaint handle";
	sd_complaint cp;
	long long id, claim = -1;
	int sev = -1;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint handle ID [--cause TEXT] [--department NAME]\n"
"         [--person NAME] [--severity general|serious|major] [--action TEXT]\n"
"         [--claim YUAN | --no-claim] [--handling TEXT]\n"
"Record how a complaint is handled; what is not given stays as it was.\n"
"An empty value clears a field.\n"
"\n"
"  --cause        the cause found (原因)\n"
"  --department   the department responsible (责任归属部门)\n"
"  --person       the person responsible\n"
"  --severity     general, serious or major; serious and major need a\n"
"                 supervisor's approval (complaint approve) before they\n"
"                 close, and a new severity needs a new approval\n"
"  --action       the corrective action decided (改善措施); a new action\n"
"                 needs a new check (complaint verify)\n"
"  --claim        the amount the customer claims in writing (索赔), yuan\n"
"  --handling     how it was handled, in short\n"));
	}
	if ((rc = complaint_id(cmd, &a, &id)) == SD_OK) {
		if ((v = cli_opt_get(&a, OPT_SEVERITY)) && (sev = complaint_severity_parse(v)) < 0)
			rc = cli_usage(cmd, _("unknown severity '%s' (expected general, serious or major)"), v);
		else if ((v = cli_opt_get(&a, OPT_CLAIM)) && cli_opt_has(&a, OPT_NO_CLAIM))
			rc = cli_usage(cmd, "%s", _("--claim and --no-claim exclude each other"));
		else if (v)
			rc = parse_yuan(cmd, "claim", v, &claim);
	}
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK || (rc = complaint_get(c->st, id, &cp, &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (cli_opt_has(&a, OPT_CAUSE))
		cli_set_text(&cp.cause, cli_opt_get(&a, OPT_CAUSE));
	if (cli_opt_has(&a, OPT_DEPARTMENT))
		cli_set_text(&cp.department, cli_opt_get(&a, OPT_DEPARTMENT));
	if (cli_opt_has(&a, OPT_PERSON))
		cli_set_text(&cp.responsible, cli_opt_get(&a, OPT_PERSON));
	if (cli_opt_has(&a, OPT_ACTION))
		cli_set_text(&cp.corrective, cli_opt_get(&a, OPT_ACTION));
	if (cli_opt_has(&a, OPT_HANDLING))
		cli_set_text(&cp.handling, cli_opt_get(&a, OPT_HANDLING));
	if (sev >= 0)
		cp.severity = sev;
	if (cli_opt_has(&a, OPT_CLAIM))
		cp.claim_fen = claim;
	else if (cli_opt_has(&a, OPT_NO_CLAIM))
		cp.claim_fen = -1;
	cli_args_free(&a);
	rc = complaint_handle(c->st, &cp, &c->err);
	complaint_free(&cp);
	return rc != SD_OK ? cli_fail(c) : SD_OK;
}

/* progress and reply: one text, appended to the log. */
static int
cmp_log(cli *c, int argc, char **argv, char **raw, int kind)
{
	static const struct cli_opt opts[] = {
		{ "text", 0, true, false, OPT_TEXT },
		OPT_END
	};
	const char *cmd = kind == CP_REPLY ? "complaint reply" : "complaint progress";
	long long id;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(kind == CP_REPLY ? _(
"Usage: servdesk complaint reply ID --text TEXT\n"
"Record a reply to the customer in the complaint's progress log; the first\n"
"one stops the first-reply clock (servdesk policy complaint).\n") : _(
"Usage: servdesk complaint progress ID --text TEXT\n"
"Add a dated entry to the complaint's progress log (append-only).\n"));
	}
	if ((rc = complaint_id(cmd, &a, &id)) == SD_OK && !cli_opt_has(&a, OPT_TEXT))
		rc = cli_need_opt(cmd, "text");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_progress_add(c->st, id, kind, cli_opt_get(&a, OPT_TEXT), &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
cmp_progress(cli *c, int argc, char **argv, char **raw)
{
	return cmp_log(c, argc, argv, raw, CP_NOTE);
}

static int
cmp_reply(cli *c, int argc, char **argv, char **raw)
{
	return cmp_log(c, argc, argv, raw, CP_REPLY);
}

static int
cmp_approve(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "note", 0, true, false, OPT_NOTE },
		OPT_END
	};
	const char *cmd = "complaint approve";
	long long id;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint approve ID [--note TEXT]\n"
"A supervisor approves a serious or major complaint (情节严重…审批); it can\n"
"then be closed.\n"));
	}
	if ((rc = complaint_id(cmd, &a, &id)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_approve(c->st, id, 0, cli_opt_get(&a, OPT_NOTE), &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
cmp_verify(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "result", 0, true, false, OPT_RESULT },
		OPT_END
	};
	const char *cmd = "complaint verify";
	long long id;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint verify ID --result TEXT\n"
"Record the check of the corrective action: who checked it (you), when\n"
"(now) and the result.\n"));
	}
	if ((rc = complaint_id(cmd, &a, &id)) == SD_OK && !cli_opt_has(&a, OPT_RESULT))
		rc = cli_need_opt(cmd, "result");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_verify(c->st, id, 0, cli_opt_get(&a, OPT_RESULT), &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
cmp_settle(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "amount", 0, true, false, OPT_AMOUNT },
		{ "on", 0, true, false, OPT_ON },
		OPT_END
	};
	const char *cmd = "complaint settle";
	long long id, fen = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint settle ID --amount YUAN [--on YYYY-MM-DD]\n"
"Record the settlement of the customer's claim: the amount agreed or paid\n"
"and the date (today if not given). Also after the complaint closed.\n"));
	}
	if ((rc = complaint_id(cmd, &a, &id)) == SD_OK) {
		if (!cli_opt_has(&a, OPT_AMOUNT))
			rc = cli_need_opt(cmd, "amount");
		else
			rc = parse_yuan(cmd, "amount", cli_opt_get(&a, OPT_AMOUNT), &fen);
	}
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_settle(c->st, id, 0, fen, cli_opt_get(&a, OPT_ON), &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
cmp_escalate(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "outcome", 0, true, false, OPT_OUTCOME },
		OPT_END
	};
	const char *cmd = "complaint escalate";
	long long id;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk complaint escalate ID [--on YYYY-MM-DD] [--outcome TEXT]\n"
"Record that the complaint went to the general manager (on the date given,\n"
"today if not), and the outcome when it is known (run it again to add it).\n"));
	}
	if ((rc = complaint_id(cmd, &a, &id)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = complaint_escalate(c->st, id, 0, cli_opt_get(&a, OPT_ON), cli_opt_get(&a, OPT_OUTCOME),
	                             &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* The subcommands of servdesk complaint that live here; NULL if name is none of them. */
cli_fn
cli_complaint_sub(const char *name)
{
	static const struct {
		const char *name;
		cli_fn fn;
	} subs[] = {
		{ "show", cmp_show }, { "handle", cmp_handle }, { "progress", cmp_progress },
		{ "reply", cmp_reply }, { "approve", cmp_approve }, { "verify", cmp_verify },
		{ "settle", cmp_settle }, { "escalate", cmp_escalate },
	};

	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(name, subs[i].name) == 0)
			return subs[i].fn;
	return NULL;
}

/* servdesk policy complaint [D]: show or set the first-reply clock's commitment. */
int
cli_policy_complaint(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	const char *cmd = "policy complaint";
	char ds[32], desc[96];
	sla_dur d;
	long n = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk policy complaint [D]\n"
"Without D, show the commitment of a first reply to a complaint. With D\n"
"(30m, 2h, 8wh, 2wd or off, as servdesk policy set), set it and recompute\n"
"the due times of the open complaints not yet replied to. The default is\n"
"30m: within 30 minutes, round the clock.\n"));
	}
	if (a.npos == 1 && !sla_dur_parse(a.pos[0], &d))
		rc = cli_usage(cmd, _("invalid duration '%s' (expected e.g. 30m, 2h, 8wh, 2wd or off)"), a.pos[0]);
	if (rc != SD_OK || (rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return rc != SD_OK && rc != SD_USAGE ? cli_fail(c) : rc;
	}
	if (a.npos == 0) {
		cli_args_free(&a);
		complaint_reply_policy(c->st, &d);
		sla_dur_format(d, ds, sizeof ds);
		sla_dur_describe(d, desc, sizeof desc);
		return cli_finish_output(c, out_printf(stdout, "%s\t%s\n", ds, desc));
	}
	cli_args_free(&a);
	if ((rc = cli_require(c, ACT_POLICY_CHANGE, cmd)) != SD_OK ||
	    (rc = complaint_reply_policy_set(c->st, d, &n, &c->err)) != SD_OK)
		return cli_fail(c);
	out_note(_("%ld open complaints recomputed"), n);
	return SD_OK;
}
