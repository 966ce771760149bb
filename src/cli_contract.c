/*
 * cli_contract.c — the contract command: service contracts (维保合约): add,
 * list, show, end, renew. The rules live in contract.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "common.h"
#include "contract.h"
#include "csv.h"
#include "datetime.h"
#include "json.h"
#include "out.h"
#include "staff.h"
#include "store.h"
#include "text.h"

enum {
	OPT_FROM = 1, OPT_TO, OPT_EQUIPMENT, OPT_VISITS, OPT_COVERS, OPT_FREE_REPAIRS, OPT_NOTE,
	OPT_CUSTOMER, OPT_ACTIVE, OPT_FORMAT, OPT_ON, OPT_REASON, OPT_POLICY,
};

/*
 * The --policy options given (P1=onsite:4h,clear:1wd, repeatable) into lv;
 * *given tells whether there was one. A usage error naming the option.
 */
static int
policy_opts(cli *c, const char *cmd, const cli_args *a, sd_contract_levels *lv, bool *given)
{
	memset(lv, 0, sizeof *lv);
	*given = false;
	for (int i = 0; i < a->nopt; i++)
		if (a->opt[i].id == OPT_POLICY) {
			*given = true;
			if (contract_levels_parse(a->opt[i].val, lv, &c->err) != SD_OK)
				return cli_usage(cmd, "--policy: %s", c->err.msg);
		}
	return SD_OK;
}

static int
finish(cli *c, buf *b, bool raw)
{
	int rc = raw ? out_raw(stdout, buf_str(b), b->len) : out_write(stdout, buf_str(b), b->len);

	return cli_finish_output(c, rc);
}

/* A contract number: a positive whole number; 0 if not. */
static long long
parse_id(const char *s)
{
	char *end;
	long long id;

	if (!s || !*s)
		return 0;
	id = strtoll(s, &end, 10);
	return *end || id <= 0 ? 0 : id;
}

static int
date_arg(const char *cmd, const char *opt, const char *v)
{
	sd_date d;

	if (!v || strlen(v) != 10 || !date_parse(v, &d))
		return cli_usage(cmd, _("--%s: invalid date '%s' (expected YYYY-MM-DD)"), opt, v ? v : "");
	return SD_OK;
}

/* ---------------------------------------------------------------- contract add */

static int
k_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "from", 0, true, false, OPT_FROM },
		{ "to", 0, true, false, OPT_TO },
		{ "equipment", 0, true, false, OPT_EQUIPMENT },
		{ "visits", 0, true, false, OPT_VISITS },
		{ "covers", 0, true, false, OPT_COVERS },
		{ "free-repairs", 0, true, false, OPT_FREE_REPAIRS },
		{ "note", 0, true, false, OPT_NOTE },
		{ "policy", 0, true, false, OPT_POLICY },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "contract add";
	bool levels_given;
	sd_contract k;
	long long id = 0;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk contract add CUSTOMER --from DATE --to DATE\n"
"         [--equipment SERIAL]... [--visits quarterly|monthly|none]\n"
"         [--covers parts,labour,travel,lodging] [--free-repairs N] [--note TEXT]\n"
"         [--policy P1=onsite:4h,clear:1wd]...\n"
"Add a service contract (维保合约) for a customer, running from the first to\n"
"the last day (both included). Without --equipment it covers all of the\n"
"customer's equipment; each --equipment names one piece it covers.\n"
"\n"
"  --policy        the contract's own service levels for a priority: the\n"
"                  clocks it names (reply, respond, diagnose, onsite, clear,\n"
"                  escalate) with durations as in policy set (30m, 4h, 8wh,\n"
"                  2wd, off); repeat it for other priorities. While the\n"
"                  contract runs they replace the policy's for requests\n"
"                  received about the equipment it covers; the clocks it does\n"
"                  not name keep the policy's\n"
"  --visits        maintenance visits while it runs: quarterly, monthly or\n"
"                  none (default)\n"
"  --covers        the cost types it pays for: labour, travel, lodging, parts\n"
"                  (default: none)\n"
"  --free-repairs  free repairs it grants: a repair (ledger entry) takes one\n"
"                  and pays no labour, travel or lodging (parts are charged)\n"
"  --note          a note\n"
"A supervisor may add contracts.\n"));
	}
	memset(&k, 0, sizeof k);
	k.visits = CV_NONE;
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one CUSTOMER expected"));
	else if (!cli_opt_has(&a, OPT_FROM))
		rc = cli_need_opt(cmd, "from");
	else if (!cli_opt_has(&a, OPT_TO))
		rc = cli_need_opt(cmd, "to");
	else if ((rc = date_arg(cmd, "from", cli_opt_get(&a, OPT_FROM))) != SD_OK ||
	         (rc = date_arg(cmd, "to", cli_opt_get(&a, OPT_TO))) != SD_OK)
		;
	else if ((v = cli_opt_get(&a, OPT_VISITS)) && (k.visits = contract_visits_parse(v)) < 0)
		rc = cli_usage(cmd, _("--visits: must be quarterly, monthly or none, not '%s'"), v);
	else if ((v = cli_opt_get(&a, OPT_FREE_REPAIRS))) {
		char *end;
		long n = strtol(v, &end, 10);
		if (!*v || *end || n < 0 || n > 100)
			rc = cli_usage(cmd, _("--free-repairs: must be a number from 0 to 100, not '%s'"), v);
		else
			k.free_repairs = (int)n;
	}
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_COVERS)) &&
	    contract_covers_parse(v, k.covers, &c->err) != SD_OK)
		rc = cli_usage(cmd, "%s", c->err.msg);
	if (rc == SD_OK)
		rc = policy_opts(c, cmd, &a, &k.levels, &levels_given);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	k.customer = xstrdup(a.pos[0]);
	snprintf(k.from_on, sizeof k.from_on, "%s", cli_opt_get(&a, OPT_FROM));
	snprintf(k.to_on, sizeof k.to_on, "%s", cli_opt_get(&a, OPT_TO));
	if ((v = cli_opt_get(&a, OPT_NOTE)))
		k.note = xstrdup(v);
	for (int i = 0; i < a.nopt; i++)
		if (a.opt[i].id == OPT_EQUIPMENT) {
			k.serials = xrealloc(k.serials, (k.nserials + 1) * sizeof *k.serials);
			k.serials[k.nserials++] = xstrdup(a.opt[i].val ? a.opt[i].val : "");
		}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = contract_add(c->st, &k, &id, &c->err)) != SD_OK) {
		rc = cli_fail(c);
	} else {
		buf b = { 0 };
		/* TRANSLATORS: contract number, customer. */
		buf_printf(&b, _("Added contract %lld for %s.\n"), id, k.customer);
		rc = finish(c, &b, false);
		buf_free(&b);
	}
	contract_free(&k);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- list, show */

static void
serials_text(buf *b, const sd_contract *k)
{
	if (k->nserials == 0) {
		buf_puts(b, _("all the customer's equipment"));
		return;
	}
	for (size_t i = 0; i < k->nserials; i++) {
		if (i)
			buf_puts(b, _(", "));
		buf_puts(b, k->serials[i]);
	}
}

/* "running", "ended 2026-05-01", "expired", "not yet begun" on day today. */
static const char *
state_text(const sd_contract *k, sd_date today)
{
	sd_date from, last;

	date_parse(k->from_on, &from);
	date_parse(contract_last_day(k), &last);
	if (today < from)
		return _("not yet begun");
	if (today <= last)
		return C_("contract", "running");
	return k->ended_on[0] ? _("ended early") : _("expired");
}

static const char *
state_code(const sd_contract *k, sd_date today)
{
	sd_date from, last;

	date_parse(k->from_on, &from);
	date_parse(contract_last_day(k), &last);
	if (today < from)
		return "future";
	if (today <= last)
		return "running";
	return k->ended_on[0] ? "ended" : "expired";
}

static void
contract_json(sd_json *j, const sd_contract *k, sd_date today)
{
	json_obj(j);
	json_kint(j, "id", k->id);
	json_kstr(j, "customer", k->customer);
	json_kstr(j, "from", k->from_on);
	json_kstr(j, "to", k->to_on);
	json_kstr(j, "ended_on", k->ended_on[0] ? k->ended_on : NULL);
	json_kstr(j, "end_reason", k->end_reason);
	json_kstr(j, "last_day", contract_last_day(k));
	json_kstr(j, "state", state_code(k, today));
	json_kstr(j, "visits", contract_visits_code(k->visits));
	json_key(j, "covers");
	json_arr(j);
	for (int c = 0; c < COST_COUNT; c++)
		if (k->covers[c])
			json_str(j, warranty_cost_code(c));
	json_end(j);
	json_kint(j, "free_repairs", k->free_repairs);
	json_kint(j, "free_repairs_used", k->repairs_used);
	json_kint(j, "free_repairs_left", k->free_repairs > k->repairs_used ? k->free_repairs - k->repairs_used : 0);
	json_key(j, "equipment");
	json_arr(j);
	for (size_t i = 0; i < k->nserials; i++)
		json_str(j, k->serials[i]);
	json_end(j);
	json_key(j, "levels");
	json_obj(j);
	for (int p = 1; p <= CONTRACT_PRIORITIES; p++) {
		char key[4], d[32];
		if (!contract_levels_any(&k->levels, p))
			continue;
		snprintf(key, sizeof key, "P%d", p);
		json_key(j, key);
		json_obj(j);
		for (int cl = 0; cl < CLOCK_COUNT; cl++)
			if (k->levels.set[p - 1][cl]) {
				sla_dur_format(k->levels.d[p - 1][cl], d, sizeof d);
				json_kstr(j, sla_clock_code(cl), d);
			}
		json_end(j);
	}
	json_end(j);
	json_kstr(j, "note", k->note);
	json_kstr(j, "added_by", k->who);
	json_end(j);
}

static const char *const contract_csv_heads[] = {
	"id", "customer", "from", "to", "ended_on", "state", "visits", "covers", "free_repairs",
	"free_repairs_used", "equipment", "note", "levels"
};

struct list_arg {
	cli *c;
	sd_date today;
};

static int
k_row(const sd_contract *k, void *arg)
{
	cli_list *o = arg;
	struct list_arg *la = o->arg;
	char id[24], fr[32], used[16];
	buf cov = { 0 }, eq = { 0 };

	/* a contract with its own service levels is marked "*" in the table */
	snprintf(id, sizeof id, "%lld%s", k->id,
	         o->fmt == FMT_TABLE && contract_levels_any(&k->levels, 0) ? "*" : "");
	contract_covers_text(&cov, k->covers);
	serials_text(&eq, k);
	snprintf(fr, sizeof fr, "%d/%d", k->free_repairs - k->repairs_used > 0 ?
	         k->free_repairs - k->repairs_used : 0, k->free_repairs);
	if (o->fmt == FMT_TABLE) {
		const char *cells[9] = {
			id, k->customer, k->from_on, contract_last_day(k), state_text(k, la->today),
			contract_visits_name(k->visits), buf_str(&cov), fr, buf_str(&eq)
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		buf codes = { 0 }, ser = { 0 };
		for (int c = 0; c < COST_COUNT; c++)
			if (k->covers[c])
				buf_printf(&codes, "%s%s", codes.len ? "," : "", warranty_cost_code(c));
		for (size_t i = 0; i < k->nserials; i++)
			buf_printf(&ser, "%s%s", i ? " " : "", k->serials[i]);
		buf lv = { 0 };
		contract_levels_text(&lv, &k->levels);
		snprintf(fr, sizeof fr, "%d", k->free_repairs);
		snprintf(used, sizeof used, "%d", k->repairs_used);
		const char *cells[13] = {
			id, k->customer, k->from_on, k->to_on, k->ended_on, state_code(k, la->today),
			contract_visits_code(k->visits), buf_str(&codes), fr, used, buf_str(&ser),
			k->note ? k->note : "", buf_str(&lv)
		};
		csv_put_record(&o->b, cells, 13);
		buf_free(&codes);
		buf_free(&ser);
		buf_free(&lv);
	} else {
		contract_json(&o->j, k, la->today);
	}
	buf_free(&cov);
	buf_free(&eq);
	o->n++;
	return 0;
}

static int
k_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "active", 0, false, false, OPT_ACTIVE },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "contract list";
	cli_list o = { 0 };
	struct list_arg la;
	out_table *t = NULL;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk contract list [--customer NAME] [--active] [--format table|csv|json]\n"
"List the service contracts, latest first day first, with their state today,\n"
"visits, what they cover and the free repairs left. A number marked * has\n"
"service levels of its own (contract show lists them).\n"
"\n"
"  --customer  only this customer's contracts\n"
"  --active    only the contracts running today\n"
"  --format    table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_CONTRACT_READ, cmd)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	la.c = c;
	la.today = store_today();
	o.arg = &la;
	if (o.fmt == FMT_TABLE) {
		const char *heads[9] = {
			_("No."), _("Customer"), _("From"), _("Last day"), _("State"), C_("contract", "Visits"),
			_("Covers"), _("Free repairs"), _("Equipment")
		};
		static const int caps[9] = { 0, 28, 0, 0, 12, 0, 30, 0, 30 };
		t = out_table_new(9, heads, caps);
	}
	cli_list_begin(&o, t, contract_csv_heads, SD_ARRAY_LEN(contract_csv_heads));
	rc = contract_each(c->st, cli_opt_get(&a, OPT_CUSTOMER),
	                   cli_opt_has(&a, OPT_ACTIVE) ? la.today : SD_DATE_NONE, k_row, &o, &c->err);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

static int
k_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "contract show";
	int fmt = FMT_TEXT;
	sd_contract k;
	long long id = 0;
	buf b = { 0 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk contract show ID [--format text|json]\n"
"Show a service contract: customer, days, state today, visits, what it\n"
"covers, free repairs granted and used, the equipment it covers and its own\n"
"service levels per priority.\n"));
	}
	if (a.npos != 1 || (id = parse_id(a.pos[0])) == 0)
		rc = cli_usage(cmd, "%s", _("one contract number expected"));
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	cli_args_free(&a);
	if (rc != SD_OK)
		return rc;
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_CONTRACT_READ, cmd)) != SD_OK ||
	    (rc = contract_get(c->st, id, &k, &c->err)) != SD_OK)
		return cli_fail(c);
	if (fmt == FMT_JSON) {
		sd_json j;

		json_start(&j, &b);
		contract_json(&j, &k, store_today());
		buf_putc(&b, '\n');
		rc = finish(c, &b, true);
	} else {
		const char *labels[] = {
			_("Contract"), _("Customer"), _("From"), _("To"), _("Ended"), _("State"),
			C_("contract", "Visits"), _("Covers"), _("Free repairs"), _("Equipment"), _("Note"), _("Added by"),
			_("Service levels")
		};
		int lw = out_label_width(labels, SD_ARRAY_LEN(labels));
		char tmp[128];
		buf v2 = { 0 };

		snprintf(tmp, sizeof tmp, "%lld", k.id);
		out_label_line(&b, labels[0], tmp, lw);
		out_label_line(&b, labels[1], k.customer, lw);
		out_label_line(&b, labels[2], k.from_on, lw);
		out_label_line(&b, labels[3], k.to_on, lw);
		if (k.ended_on[0]) {
			buf_puts(&v2, k.ended_on);
			if (k.end_reason)
				buf_printf(&v2, " — %s", k.end_reason);
			out_label_line(&b, labels[4], buf_str(&v2), lw);
			buf_reset(&v2);
		}
		out_label_line(&b, labels[5], state_text(&k, store_today()), lw);
		out_label_line(&b, labels[6], contract_visits_name(k.visits), lw);
		contract_covers_text(&v2, k.covers);
		out_label_line(&b, labels[7], buf_str(&v2), lw);
		buf_reset(&v2);
		/* TRANSLATORS: free repairs granted, used, left. */
		snprintf(tmp, sizeof tmp, _("%d granted, %d used, %d left"), k.free_repairs, k.repairs_used,
		         k.free_repairs > k.repairs_used ? k.free_repairs - k.repairs_used : 0);
		out_label_line(&b, labels[8], tmp, lw);
		serials_text(&v2, &k);
		out_label_line(&b, labels[9], buf_str(&v2), lw);
		buf_free(&v2);
		if (k.note)
			out_label_line(&b, labels[10], k.note, lw);
		snprintf(tmp, sizeof tmp, "%s%s%s", k.who ? k.who : "?", text_sep_item(), k.at);
		out_label_line(&b, labels[11], tmp, lw);
		/* one line per priority: "P1  on site 4 h, round the clock; cleared 1 working day" */
		for (int p = 1; p <= CONTRACT_PRIORITIES; p++) {
			if (!contract_levels_any(&k.levels, p))
				continue;
			buf_printf(&v2, "%sP%d  ", v2.len ? "\n" : "", p);
			for (int cl = 0, f2 = 1; cl < CLOCK_COUNT; cl++)
				if (k.levels.set[p - 1][cl]) {
					char d[80];
					sla_dur_describe(k.levels.d[p - 1][cl], d, sizeof d);
					buf_printf(&v2, "%s%s %s", f2 ? "" : _("; "), sla_clock_name(cl), d);
					f2 = 0;
				}
		}
		out_label_line(&b, labels[12], v2.len ? buf_str(&v2) : _("the policy's (none of its own)"), lw);
		buf_free(&v2);
		rc = finish(c, &b, false);
	}
	buf_free(&b);
	contract_free(&k);
	return rc;
}

/* ---------------------------------------------------------------- end, renew */

static int
k_end(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "reason", 0, true, false, OPT_REASON },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "contract end";
	long long id = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk contract end ID --on DATE [--reason TEXT]\n"
"End a service contract early: DATE is its last day of cover (between its\n"
"first and last day). A supervisor may end contracts.\n"));
	}
	if (a.npos != 1 || (id = parse_id(a.pos[0])) == 0)
		rc = cli_usage(cmd, "%s", _("one contract number expected"));
	else if (!cli_opt_has(&a, OPT_ON))
		rc = cli_need_opt(cmd, "on");
	else
		rc = date_arg(cmd, "on", cli_opt_get(&a, OPT_ON));
	if (rc == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = contract_end(c->st, id, cli_opt_get(&a, OPT_ON), cli_opt_get(&a, OPT_REASON),
		                       &c->err)) != SD_OK)
			rc = cli_fail(c);
	}
	cli_args_free(&a);
	return rc;
}

static int
k_renew(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "to", 0, true, false, OPT_TO },
		{ "policy", 0, true, false, OPT_POLICY },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "contract renew";
	sd_contract_levels lv;
	bool levels_given = false;
	long long id = 0;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk contract renew ID --to DATE [--policy P1=onsite:4h,clear:1wd]...\n"
"Renew a service contract that has not been ended: DATE becomes its last day\n"
"(later than the present one). Free repairs used stay used. Its service\n"
"levels carry on; --policy (as in contract add) replaces them all with the\n"
"ones given: a contract's levels change only when it is renewed. A supervisor\n"
"may renew contracts.\n"));
	}
	if (a.npos != 1 || (id = parse_id(a.pos[0])) == 0)
		rc = cli_usage(cmd, "%s", _("one contract number expected"));
	else if (!cli_opt_has(&a, OPT_TO))
		rc = cli_need_opt(cmd, "to");
	else if ((rc = date_arg(cmd, "to", cli_opt_get(&a, OPT_TO))) == SD_OK)
		rc = policy_opts(c, cmd, &a, &lv, &levels_given);
	if (rc == SD_OK) {
		if ((rc = cli_open(c, false)) != SD_OK ||
		    (rc = contract_renew_levels(c->st, id, cli_opt_get(&a, OPT_TO), levels_given ? &lv : NULL,
		                                &c->err)) != SD_OK)
			rc = cli_fail(c);
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- equipment expiring */

struct exp_arg {
	cli_list *o;
	sd_date today;
};

static int
exp_row(const sd_expiring *x, void *arg)
{
	struct exp_arg *ea = arg;
	cli_list *o = ea->o;
	char ends[11], days[16], id[24];
	const char *what;
	buf w = { 0 };

	date_format(x->ends, ends);
	snprintf(days, sizeof days, "%d", (int)(x->ends - ea->today));
	snprintf(id, sizeof id, "%lld", x->contract_id);
	if (x->kind == EXP_WARRANTY)
		buf_puts(&w, _("warranty ends"));
	else if (x->ended_early)
		buf_puts(&w, _("contract ended early"));
	else
		buf_puts(&w, _("contract ends"));
	what = x->kind == EXP_WARRANTY ? x->serial : id;
	if (o->fmt == FMT_TABLE) {
		const char *cells[5] = { ends, days, x->customer, buf_str(&w), what };
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[6] = {
			ends, days, x->customer, contract_expiring_kind_code(x->kind),
			x->kind == EXP_WARRANTY ? x->serial : "", x->kind == EXP_CONTRACT ? id : ""
		};
		csv_put_record(&o->b, cells, 6);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "ends", ends);
		json_key(&o->j, "days_left");
		json_raw(&o->j, days);
		json_kstr(&o->j, "customer", x->customer);
		json_kstr(&o->j, "kind", contract_expiring_kind_code(x->kind));
		json_kstr(&o->j, "serial", x->kind == EXP_WARRANTY ? x->serial : NULL);
		if (x->kind == EXP_CONTRACT) {
			json_kint(&o->j, "contract", x->contract_id);
			json_kbool(&o->j, "ended_early", x->ended_early);
		} else {
			json_key(&o->j, "contract");
			json_null(&o->j);
		}
		json_end(&o->j);
	}
	buf_free(&w);
	o->n++;
	return 0;
}

static const char *const expiring_csv_heads[] = {
	"ends", "days_left", "customer", "kind", "serial", "contract"
};

int
cli_equipment_expiring(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "within", 0, true, false, OPT_ON },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "equipment expiring";
	cli_list o = { 0 };
	struct exp_arg ea;
	out_table *t = NULL;
	const char *v;
	long days = 90;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk equipment expiring [--within DAYS] [--format table|csv|json]\n"
"The warranties and service contracts ending from today to DAYS days ahead\n"
"(default 90), by end date: with the customer, the equipment or the contract,\n"
"and what ends, so that sales can be told.\n"
"\n"
"  --within  days ahead (0 to 3660; 0: ending today)\n"
"  --format  table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_ON))) {
		char *end;
		days = strtol(v, &end, 10);
		if (!*v || *end || days < 0 || days > 3660)
			rc = cli_usage(cmd, _("--within: must be a number of days from 0 to 3660, not '%s'"), v);
	}
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	cli_args_free(&a);
	if (rc != SD_OK)
		return rc;
	if ((rc = cli_open(c, false)) != SD_OK || (rc = cli_require(c, ACT_CONTRACT_READ, cmd)) != SD_OK)
		return cli_fail(c);
	ea.o = &o;
	ea.today = store_today();
	if (o.fmt == FMT_TABLE) {
		const char *heads[5] = {
			_("Ends"), _("Days left"), _("Customer"), _("What ends"), _("Serial / contract")
		};
		static const int caps[5] = { 0, 0, 32, 24, 30 };
		t = out_table_new(5, heads, caps);
	}
	cli_list_begin(&o, t, expiring_csv_heads, SD_ARRAY_LEN(expiring_csv_heads));
	rc = contract_expiring(c->st, ea.today, (int)days, exp_row, &ea, NULL, &c->err);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- dispatch */

int
cli_contract(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "add", k_add }, { "list", k_list }, { "show", k_show }, { "end", k_end },
		{ "renew", k_renew },
	};
	const char *help = _(
"Usage: servdesk contract add|list|show|end|renew ...\n"
"Service contracts (维保合约): the equipment they cover, the costs they pay,\n"
"maintenance visits and free repairs. 'servdesk contract SUBCOMMAND --help'\n"
"describes each subcommand.\n");

	if (argc < 1)
		return cli_usage("contract", _("a subcommand is required (%s)"),
		                 "add, list, show, end, renew");
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(help);
	if (!argv[0])
		return cli_usage("contract", "%s", _("invalid argument"));
	return cli_usage("contract", _("unknown subcommand '%s'"), argv[0]);
}
