/*
 * cli_stock.c — the spare-parts store commands: stock part (the parts
 * master), receive, issue, return, adjust, order (movements), list, history
 * and show.
 *
 * Reading is open to anyone; the parts master needs ACT_PART_CHANGE, the
 * movements and orders ACT_STOCK_MOVE.
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
#include "intake.h"
#include "json.h"
#include "money.h"
#include "out.h"
#include "staff.h"
#include "stock.h"
#include "store.h"
#include "text.h"

enum {
	OPT_NAME = 1, OPT_SPEC, OPT_UNIT, OPT_BRAND, OPT_LOCATION, OPT_REORDER_POINT,
	OPT_REORDER_QTY, OPT_COST, OPT_INACTIVE, OPT_ACTIVE, OPT_REASON, OPT_REQUEST,
	OPT_LOW, OPT_SEARCH, OPT_ALL, OPT_FORMAT, OPT_LIMIT
};

#define OPT_END { NULL, 0, false, false, 0 }

/* Movements fetched per page by `stock history`. */
#define HISTORY_PAGE 200
/* Movements shown by `stock history` without --limit. */
#define HISTORY_DEFAULT 50

/* ---------------------------------------------------------------- helpers */

/* Flush standard output after rc (the status of the writes); a status. */
/*
 * Parse a whole number of at most LONG_MAX / 1000 (no fraction, no unit):
 * the quantity QTY of cmd, or the value of option opt (NULL for QTY). With
 * sign false, only values >= 0 are accepted. SD_OK or SD_USAGE (printed).
 */
static int
parse_whole(const char *cmd, const char *opt, const char *s, bool sign, long *out)
{
	const char *p = s;
	char *end;
	long x;

	if (*p == '+' || (sign && *p == '-'))
		p++;
	if (*p < '0' || *p > '9')
		goto bad;
	errno = 0;
	x = strtol(s, &end, 10);
	if (errno || *end || x > LONG_MAX / 1000 || x < -(LONG_MAX / 1000))
		goto bad;
	*out = x;
	return SD_OK;
bad:
	if (opt)
		return cli_usage(cmd, _("invalid number '%s' for '--%s' (a whole number expected)"),
		                 s, opt);
	return cli_usage(cmd, _("invalid quantity '%s' (a whole number expected)"), s);
}

/* QTY of a movement: a whole number > 0. SD_OK or SD_USAGE (printed). */
static int
parse_positive_qty(const char *cmd, const char *s, long *out)
{
	int rc = parse_whole(cmd, NULL, s, true, out);

	if (rc == SD_OK && *out <= 0)
		return cli_usage(cmd, _("invalid quantity '%s' (more than 0 expected)"), s);
	return rc;
}

/* A signed QTY other than 0. SD_OK or SD_USAGE (printed). */
static int
parse_signed_qty(const char *cmd, const char *s, long *out)
{
	int rc = parse_whole(cmd, NULL, s, true, out);

	if (rc == SD_OK && *out == 0)
		return cli_usage(cmd, _("invalid quantity '%s' (not 0)"), s);
	return rc;
}

/* A unit cost in yuan (>= 0) into fen. SD_OK or SD_USAGE (printed). */
static int
parse_cost(const char *cmd, const char *s, int64_t *fen)
{
	if (!money_parse(s, fen) || *fen < 0)
		return cli_usage(cmd, _("invalid amount '%s' for '--%s' (yuan, at most two decimals)"),
		                 s, "cost");
	return SD_OK;
}

/* Is s a negative number ("-3", "-1.5") rather than an option? */
static bool
is_negative_number(const char *s)
{
	return s && s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

/* Does the argument s name an option of opts that takes its value from the next argument? */
static bool
takes_next(const struct cli_opt *opts, const char *s)
{
	if (s[0] != '-' || s[1] == '\0')
		return false;
	for (; opts->name; opts++) {
		if (!opts->has_arg)
			continue;
		if (s[1] == '-' && strcmp(s + 2, opts->name) == 0)
			return true;
		if (s[1] != '-' && opts->shortname && s[1] == opts->shortname && s[2] == '\0')
			return true;
	}
	return false;
}

/*
 * cli_parse for a command whose QTY may be negative: a negative number
 * where a positional argument may stand ("-3", not the value of an option)
 * is a positional argument, not an option. cli_parse sees it without its
 * '-' and the sign is put back afterwards (the positional argument then
 * points one byte into the original).
 */
static int
parse_signed(const char *cmd, const struct cli_opt *opts, const char *posspec, int argc,
             char **argv, char **raw, cli_args *out)
{
	char **av = xcalloc((size_t)argc + 1, sizeof *av);
	char **rv = xcalloc((size_t)argc + 1, sizeof *rv);
	bool opts_done = false;
	int rc;

	for (int i = 0; i < argc; i++) {
		av[i] = argv[i];
		rv[i] = raw[i];
		if (opts_done)
			continue;
		if (strcmp(raw[i], "--") == 0) {
			opts_done = true;
		} else if (is_negative_number(raw[i]) && argv[i]) {
			av[i] = argv[i] + 1;
			rv[i] = raw[i] + 1;
		} else if (takes_next(opts, raw[i]) && i + 1 < argc) {
			i++;
			av[i] = argv[i];
			rv[i] = raw[i];
		}
	}
	rc = cli_parse(cmd, opts, posspec, argc, av, rv, out);
	if (rc == SD_OK)
		for (int k = 0; k < out->npos; k++)
			for (int i = 0; i < argc; i++)
				if (av[i] != argv[i] && (out->pos[k] == av[i] || out->pos[k] == rv[i])) {
					out->pos[k] = out->pos[k] == av[i] ? argv[i] : raw[i];
					break;
				}
	free(av);
	free(rv);
	return rc;
}

/* Open the database and check that the acting person may do action; a status (printed). */
static int
open_for(cli *c, enum sd_action action, const char *cmd)
{
	if (cli_open(c, false) != SD_OK || cli_require(c, action, cmd) != SD_OK)
		return cli_fail(c);
	return SD_OK;
}

/* ---------------------------------------------------------------- stock part */

static int
stk_part(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "name", 0, true, false, OPT_NAME },
		{ "spec", 0, true, false, OPT_SPEC },
		{ "unit", 0, true, false, OPT_UNIT },
		{ "brand", 0, true, false, OPT_BRAND },
		{ "location", 0, true, false, OPT_LOCATION },
		{ "reorder-point", 0, true, false, OPT_REORDER_POINT },
		{ "reorder-qty", 0, true, false, OPT_REORDER_QTY },
		{ "cost", 0, true, false, OPT_COST },
		{ "inactive", 0, false, false, OPT_INACTIVE },
		{ "active", 0, false, false, OPT_ACTIVE },
		OPT_END
	};
	const char *cmd = "stock part";
	long point = 0, qty = 0;
	int64_t cost = 0;
	sd_part p;
	sd_err e;
	const char *v;
	bool exists;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk stock part PARTNO --name NAME [--spec S] [--unit U] [--brand B]\n"
"         [--location L] [--reorder-point N] [--reorder-qty N] [--cost YUAN]\n"
"         [--inactive|--active]\n"
"Add a part to the parts master (备件档案), or update the part with this\n"
"number: options not given keep their values (--name is then optional); an\n"
"empty value clears the field. On hand, on order and the average cost come\n"
"from the movements, not from here.\n"
"\n"
"  --name            name (名称)\n"
"  --spec            specification (规格型号)\n"
"  --unit            unit (单位; default 个)\n"
"  --brand           brand (品牌)\n"
"  --location        storage location (库位)\n"
"  --reorder-point   low when on hand is at or below this (安全库存)\n"
"  --reorder-qty     the usual order quantity (订货量)\n"
"  --cost            opening unit cost in yuan, for a new part only\n"
"  --inactive        no longer in use; --active: in use again\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one PARTNO expected"));
	else if ((v = cli_opt_get(&a, OPT_REORDER_POINT)))
		rc = parse_whole(cmd, "reorder-point", v, false, &point);
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_REORDER_QTY)))
		rc = parse_whole(cmd, "reorder-qty", v, false, &qty);
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_COST)))
		rc = parse_cost(cmd, v, &cost);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&p, 0, sizeof p);
	if ((rc = open_for(c, ACT_PART_CHANGE, cmd)) != SD_OK)
		goto out;
	/* start from the stored part, if there is one */
	exists = stock_part_get(c->st, a.pos[0], &p, &e) == SD_OK;
	if (!exists) {
		memset(&p, 0, sizeof p);
		if (!cli_opt_has(&a, OPT_NAME)) {
			rc = cli_need_opt(cmd, "name");
			goto out;
		}
		p.part_no = xstrdup(a.pos[0]);
		p.active = true;
		p.avg_cost_fen = cost;
	} else if (cli_opt_has(&a, OPT_COST)) {
		sd_err_set(&c->err, SD_DATAERR,
		           _("%s: the part is already there; its average cost comes from the receipts"),
		           a.pos[0]);
		rc = cli_fail(c);
		goto out;
	}
	for (int i = 0; i < a.nopt; i++) {
		v = a.opt[i].val;
		switch (a.opt[i].id) {
		case OPT_NAME:     cli_set_text(&p.name, v); break;
		case OPT_SPEC:     cli_set_text(&p.spec, v); break;
		case OPT_UNIT:     cli_set_text(&p.unit, v); break;
		case OPT_BRAND:    cli_set_text(&p.brand, v); break;
		case OPT_LOCATION: cli_set_text(&p.location, v); break;
		case OPT_REORDER_POINT: p.reorder_point = point; break;
		case OPT_REORDER_QTY:   p.reorder_qty = qty; break;
		case OPT_INACTIVE: p.active = false; break;
		case OPT_ACTIVE:   p.active = true; break;
		default: break;
		}
	}
	if ((rc = stock_part_put(c->st, &p, &c->err)) != SD_OK)
		rc = cli_fail(c);
out:
	stock_part_free(&p);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- movements */

enum mv { MV_RECEIVE, MV_ISSUE, MV_RETURN, MV_ADJUST, MV_ORDER };

static const char *const mv_cmds[] = {
	"stock receive", "stock issue", "stock return", "stock adjust", "stock order"
};

static const char *
mv_help(enum mv m)
{
	switch (m) {
	case MV_RECEIVE:
		return _(
"Usage: servdesk stock receive PARTNO QTY [--cost YUAN] [--reason TEXT]\n"
"Receive QTY (a whole number) of a part into the store (入库). The average\n"
"cost becomes the moving average of the stock on hand and the receipt; what\n"
"was on order is cleared by up to QTY.\n"
"\n"
"  --cost     unit cost in yuan (default: the current average cost)\n"
"  --reason   a note (delivery note, supplier, ...)\n");
	case MV_ISSUE:
		return _(
"Usage: servdesk stock issue PARTNO QTY --request REGNO [--reason TEXT]\n"
"Issue QTY of a part to a ledger entry (领用) at the average cost of the\n"
"moment; a parts charge line is added to the entry. More than is on hand is\n"
"refused with the quantity available; the entry must be open.\n"
"\n"
"  --request  the register number of the ledger entry\n"
"  --reason   a note\n");
	case MV_RETURN:
		return _(
"Usage: servdesk stock return PARTNO QTY --request REGNO [--reason TEXT]\n"
"Return QTY of a part from a ledger entry (退回) at the cost it was issued\n"
"at; a credit line follows on the entry, billed as its issue was, whatever\n"
"the date. No more than the entry holds (issued minus returned) can come\n"
"back.\n"
"\n"
"  --request  the register number of the ledger entry\n"
"  --reason   a note\n");
	case MV_ADJUST:
		return _(
"Usage: servdesk stock adjust PARTNO QTY --reason TEXT\n"
"Adjust the stock of a part by QTY, a signed whole number (调整): for\n"
"example 'stock adjust BRG-6205 -3 --reason 破损'. A reason is required;\n"
"stock never goes below 0.\n");
	case MV_ORDER:
		break;
	}
	return _(
"Usage: servdesk stock order PARTNO QTY\n"
"Record an order placed for QTY of a part (a signed whole number: a negative\n"
"QTY cancels, never below 0). What is on order is netted out of the\n"
"suggested order quantity and cleared by receipts.\n");
}

/* The parse and the movement of one of the movement commands. */
static int
stk_move(cli *c, enum mv m, int argc, char **argv, char **raw)
{
	static const struct cli_opt receive_opts[] = {
		{ "cost", 0, true, false, OPT_COST },
		{ "reason", 0, true, false, OPT_REASON },
		OPT_END
	};
	static const struct cli_opt entry_opts[] = {
		{ "request", 0, true, false, OPT_REQUEST },
		{ "reason", 0, true, false, OPT_REASON },
		OPT_END
	};
	static const struct cli_opt adjust_opts[] = {
		{ "reason", 0, true, false, OPT_REASON },
		OPT_END
	};
	static const struct cli_opt order_opts[] = { OPT_END };
	const struct cli_opt *opts = m == MV_RECEIVE ? receive_opts :
	                             m == MV_ADJUST ? adjust_opts :
	                             m == MV_ORDER ? order_opts : entry_opts;
	const char *cmd = mv_cmds[m];
	const char *v, *reason, *regno;
	int64_t cost = -1;
	long qty = 0, available = -1;
	cli_args a;
	int rc;

	if ((rc = parse_signed(cmd, opts, "tt", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(mv_help(m));
	}
	if (a.npos != 2)
		rc = cli_usage(cmd, "%s", _("PARTNO and QTY expected"));
	else if (m == MV_ADJUST || m == MV_ORDER)
		rc = parse_signed_qty(cmd, a.pos[1], &qty);
	else
		rc = parse_positive_qty(cmd, a.pos[1], &qty);
	if (rc == SD_OK && (m == MV_ISSUE || m == MV_RETURN) && !cli_opt_has(&a, OPT_REQUEST))
		rc = cli_need_opt(cmd, "request");
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_COST)))
		rc = parse_cost(cmd, v, &cost);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	reason = cli_opt_get(&a, OPT_REASON);
	regno = cli_opt_get(&a, OPT_REQUEST);
	if ((rc = open_for(c, ACT_STOCK_MOVE, cmd)) != SD_OK)
		goto out;
	switch (m) {
	case MV_RECEIVE:
		rc = stock_receive(c->st, a.pos[0], qty, cost, reason, NULL, &c->err);
		break;
	case MV_ISSUE:
		rc = stock_issue(c->st, a.pos[0], qty, regno, reason, &available, NULL, &c->err);
		if (rc == SD_DATAERR && available >= 0 && available < qty) {
			char n[32];

			/* the refusal names what is there, whatever the message said */
			snprintf(n, sizeof n, "%ld", available);
			if (!strstr(c->err.msg, n))
				sd_err_set(&c->err, SD_DATAERR,
				           _("%s: only %ld available, %ld asked for"),
				           a.pos[0], available, qty);
		}
		break;
	case MV_RETURN:
		rc = stock_return_from(c->st, a.pos[0], qty, regno, reason, NULL, &c->err);
		break;
	case MV_ADJUST:
		if (!reason || !*reason) {
			rc = sd_err_set(&c->err, SD_DATAERR, "%s",
			                _("an adjustment needs a reason (--reason)"));
			break;
		}
		rc = stock_adjust(c->st, a.pos[0], qty, reason, NULL, &c->err);
		break;
	case MV_ORDER:
		rc = stock_order(c->st, a.pos[0], qty, &c->err);
		break;
	}
	if (rc != SD_OK)
		rc = cli_fail(c);
out:
	cli_args_free(&a);
	return rc;
}

static int
stk_receive(cli *c, int argc, char **argv, char **raw)
{
	return stk_move(c, MV_RECEIVE, argc, argv, raw);
}

static int
stk_issue(cli *c, int argc, char **argv, char **raw)
{
	return stk_move(c, MV_ISSUE, argc, argv, raw);
}

static int
stk_return(cli *c, int argc, char **argv, char **raw)
{
	return stk_move(c, MV_RETURN, argc, argv, raw);
}

static int
stk_adjust(cli *c, int argc, char **argv, char **raw)
{
	return stk_move(c, MV_ADJUST, argc, argv, raw);
}

static int
stk_order(cli *c, int argc, char **argv, char **raw)
{
	return stk_move(c, MV_ORDER, argc, argv, raw);
}

/* ---------------------------------------------------------------- stock list */

static const char *const list_csv_heads[] = {
	"part_no", "name", "spec", "unit", "location", "on_hand", "on_order", "reorder_point",
	"reorder_qty", "avg_cost", "to_order", "low", "active"
};

static void
list_row(cli_list *o, const void *row)
{
	const sd_stock_row *r = row;
	char on_hand[24], on_order[24], point[24], qty[24], to_order[24], cost[32];

	snprintf(on_hand, sizeof on_hand, "%ld", r->on_hand);
	snprintf(on_order, sizeof on_order, "%ld", r->on_order);
	snprintf(point, sizeof point, "%ld", r->reorder_point);
	snprintf(qty, sizeof qty, "%ld", r->reorder_qty);
	snprintf(to_order, sizeof to_order, "%ld", r->to_order);
	money_format(r->avg_cost_fen, cost);
	if (o->fmt == FMT_TABLE) {
		const char *cells[11] = {
			r->low ? _("low") : "", r->part_no, r->name, r->spec, r->unit, on_hand,
			on_order, point, cost, r->location, to_order
		};
		if (!r->active)
			cells[0] = _("inactive");
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[13] = {
			r->part_no, r->name, r->spec ? r->spec : "", r->unit ? r->unit : "",
			r->location ? r->location : "", on_hand, on_order, point, qty, cost, to_order,
			r->low ? "1" : "0", r->active ? "1" : "0"
		};
		csv_put_record(&o->b, cells, 13);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "part_no", r->part_no);
		json_kstr(&o->j, "name", r->name);
		json_kstr(&o->j, "spec", r->spec);
		json_kstr(&o->j, "unit", r->unit);
		json_kstr(&o->j, "location", r->location);
		json_kint(&o->j, "on_hand", r->on_hand);
		json_kint(&o->j, "on_order", r->on_order);
		json_kint(&o->j, "reorder_point", r->reorder_point);
		json_kint(&o->j, "reorder_qty", r->reorder_qty);
		json_kmoney(&o->j, "avg_cost", r->avg_cost_fen);
		json_kint(&o->j, "avg_cost_fen", r->avg_cost_fen);
		json_kint(&o->j, "to_order", r->to_order);
		json_kbool(&o->j, "low", r->low);
		json_kbool(&o->j, "active", r->active);
		json_end(&o->j);
	}
	o->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max,
          void *rows, int *n)
{
	return stock_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	stock_row_free(row);
}

static const struct cli_pager list_pager = {
	sizeof(sd_stock_row), list_page, list_row, list_free
};

static int
stk_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "low", 0, false, false, OPT_LOW },
		{ "search", 0, true, false, OPT_SEARCH },
		{ "all", 0, false, false, OPT_ALL },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "stock list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_stock_query q;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk stock list [--low] [--search TEXT] [--all]\n"
"         [--format table|csv|json]\n"
"List the parts in order of part number with on hand, on order and the\n"
"average cost. The first column says 'low' for a part at or below its\n"
"reorder point.\n"
"\n"
"  --low      only the parts at or below their reorder point, with the\n"
"             suggested order quantity (what is on order netted out)\n"
"  --search   text in the part number, name or specification\n"
"  --all      parts no longer in use too\n"
"  --format   table (default), csv or json\n"));
	}
	memset(&q, 0, sizeof q);
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	q.search = cli_opt_get(&a, OPT_SEARCH);
	if (q.search && !*q.search)
		q.search = NULL;
	q.low_only = cli_opt_has(&a, OPT_LOW);
	q.include_inactive = cli_opt_has(&a, OPT_ALL);
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[11] = {
			_("Low"), _("Part no."), C_("thing", "Name"), _("Spec."), _("Unit"),
			_("On hand"), _("On order"), _("Reorder pt."), _("Avg. cost"), _("Location"),
			_("To order")
		};
		static const int caps[11] = { 0, 20, 24, 20, 6, 0, 0, 0, 0, 12, 0 };
		/* --low: the table shows the suggested order */
		t = out_table_new(q.low_only ? 11 : 10, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- stock history */

static const char *const history_csv_heads[] = {
	"at", "who", "kind", "qty", "cost", "regno", "reason", "balance"
};

struct hist_out {
	int fmt;
	out_table *table;
	buf b;
	sd_json j;
	long n;
	long long last_id;
};

static int
hist_row(const sd_move *m, void *arg)
{
	struct hist_out *o = arg;
	char qty[24], bal[24], cost[32];

	/* the table shows the sign of an inflow; CSV carries the plain number */
	snprintf(qty, sizeof qty, o->fmt == FMT_TABLE ? "%+ld" : "%ld", m->qty);
	snprintf(bal, sizeof bal, "%ld", m->balance);
	money_format(m->cost_fen, cost);
	if (o->fmt == FMT_TABLE) {
		const char *cells[8] = {
			m->at, m->who, stock_move_name(m->kind), qty, cost, m->regno, bal, m->reason
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[8] = {
			m->at, m->who ? m->who : "", stock_move_code(m->kind), qty, cost,
			m->regno ? m->regno : "", m->reason ? m->reason : "", bal
		};
		csv_put_record(&o->b, cells, 8);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "at", m->at);
		json_kstr(&o->j, "who", m->who);
		json_kstr(&o->j, "kind", stock_move_code(m->kind));
		json_kint(&o->j, "qty", m->qty);
		json_kmoney(&o->j, "cost", m->cost_fen);
		json_kint(&o->j, "cost_fen", m->cost_fen);
		json_kstr(&o->j, "regno", m->regno && *m->regno ? m->regno : NULL);
		json_kstr(&o->j, "reason", m->reason && *m->reason ? m->reason : NULL);
		json_kint(&o->j, "balance", m->balance);
		json_end(&o->j);
	}
	o->last_id = m->id;
	o->n++;
	return 0;
}

static int
stk_history(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "limit", 0, true, false, OPT_LIMIT },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "stock history";
	struct hist_out o = { 0 };
	long limit = HISTORY_DEFAULT;
	const char *v;
	cli_args a;
	int rc, n;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk stock history PARTNO [--limit N] [--format table|csv|json]\n"
"The movements of a part, newest first: when, who, kind, quantity (+ in,\n"
"- out), unit cost, ledger entry, on hand after the movement, reason.\n"
"\n"
"  --limit    at most N movements (default 50; 0: all)\n"
"  --format   table (default), csv or json\n"));
	}
	o.fmt = FMT_TABLE;
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one PARTNO expected"));
	else if ((v = cli_opt_get(&a, OPT_LIMIT)))
		rc = parse_whole(cmd, "limit", v, false, &limit);
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_FORMAT)))
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
		const char *heads[8] = {
			_("When"), _("Who"), _("Kind"), _("Qty"), _("Unit cost"), _("Reg. no."),
			_("Balance"), _("Reason")
		};
		static const int caps[8] = { 0, 12, 12, 0, 0, 0, 0, 40 };
		o.table = out_table_new(8, heads, caps);
	} else if (o.fmt == FMT_CSV) {
		csv_put_record(&o.b, history_csv_heads, SD_ARRAY_LEN(history_csv_heads));
	} else {
		json_start(&o.j, &o.b);
		json_arr_lines(&o.j);
	}
	for (;;) {
		long want = limit == 0 ? HISTORY_PAGE : limit - o.n;
		long long before = o.last_id;

		if (want <= 0)
			break;
		if (want > HISTORY_PAGE)
			want = HISTORY_PAGE;
		n = 0;
		rc = stock_history(c->st, a.pos[0], before, (int)want, hist_row, &o, &n, &c->err);
		if (rc != SD_OK || n < want || o.last_id == before)
			break;
	}
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

/* ---------------------------------------------------------------- stock show */

static void
part_json(buf *b, const sd_part *p, bool low, long to_order)
{
	sd_json j;

	json_start(&j, b);
	json_obj(&j);
	json_kstr(&j, "part_no", p->part_no);
	json_kstr(&j, "name", p->name);
	json_kstr(&j, "spec", p->spec);
	json_kstr(&j, "unit", p->unit);
	json_kstr(&j, "brand", p->brand);
	json_kstr(&j, "location", p->location);
	json_kint(&j, "on_hand", p->on_hand);
	json_kint(&j, "on_order", p->on_order);
	json_kint(&j, "reorder_point", p->reorder_point);
	json_kint(&j, "reorder_qty", p->reorder_qty);
	json_kmoney(&j, "avg_cost", p->avg_cost_fen);
	json_kint(&j, "avg_cost_fen", p->avg_cost_fen);
	json_kmoney(&j, "value", p->avg_cost_fen * p->on_hand);
	json_kint(&j, "to_order", to_order);
	json_kbool(&j, "low", low);
	json_kbool(&j, "active", p->active);
	json_kint(&j, "version", p->version);
	json_end(&j);
	buf_putc(b, '\n');
}

static void
part_text(buf *b, const sd_part *p, bool low, long to_order)
{
	const char *labels[] = {
		_("Part number"), C_("thing", "Name"), _("Specification"), _("Unit"), _("Brand"),
		_("Location"), _("On hand"), _("On order"), _("Reorder point"),
		_("Reorder quantity"), _("Average cost"), _("Stock value"), _("Suggested order"),
		_("In use")
	};
	int labw = 0;
	char t[64], m[32];

	labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	out_label_line(b, labels[0], p->part_no, labw);
	out_label_line(b, labels[1], p->name, labw);
	if (p->spec && *p->spec)
		out_label_line(b, labels[2], p->spec, labw);
	out_label_line(b, labels[3], p->unit, labw);
	if (p->brand && *p->brand)
		out_label_line(b, labels[4], p->brand, labw);
	if (p->location && *p->location)
		out_label_line(b, labels[5], p->location, labw);
	if (low)
		snprintf(t, sizeof t, _("%ld (low: at or below the reorder point)"), p->on_hand);
	else
		snprintf(t, sizeof t, "%ld", p->on_hand);
	out_label_line(b, labels[6], t, labw);
	snprintf(t, sizeof t, "%ld", p->on_order);
	out_label_line(b, labels[7], t, labw);
	snprintf(t, sizeof t, "%ld", p->reorder_point);
	out_label_line(b, labels[8], t, labw);
	snprintf(t, sizeof t, "%ld", p->reorder_qty);
	out_label_line(b, labels[9], t, labw);
	money_format(p->avg_cost_fen, m);
	out_label_line(b, labels[10], m, labw);
	money_format(p->avg_cost_fen * p->on_hand, m);
	out_label_line(b, labels[11], m, labw);
	snprintf(t, sizeof t, "%ld", to_order);
	out_label_line(b, labels[12], t, labw);
	out_label_line(b, labels[13], p->active ? _("yes") : _("no"), labw);
}

static int
stk_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "stock show";
	int fmt = FMT_TEXT;
	buf b = { 0 };
	const char *v;
	sd_part p;
	bool low;
	long to_order;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk stock show PARTNO [--format text|json]\n"
"Show a part: its master data, on hand, on order, the average cost, the\n"
"stock value and the suggested order quantity.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one PARTNO expected"));
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&p, 0, sizeof p);
	if (cli_open(c, false) != SD_OK || stock_part_get(c->st, a.pos[0], &p, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	low = p.active && p.on_hand <= p.reorder_point;
	to_order = p.active ? stock_to_order(p.on_hand, p.on_order, p.reorder_point,
	                                     p.reorder_qty) : 0;
	if (fmt == FMT_JSON) {
		part_json(&b, &p, low, to_order);
		rc = cli_finish_output(c, out_raw(stdout, buf_str(&b), b.len));
	} else {
		part_text(&b, &p, low, to_order);
		rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
	}
out:
	buf_free(&b);
	stock_part_free(&p);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- dispatch */

int
cli_stock(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "part", stk_part }, { "receive", stk_receive }, { "issue", stk_issue },
		{ "return", stk_return }, { "adjust", stk_adjust }, { "order", stk_order },
		{ "list", stk_list }, { "history", stk_history }, { "show", stk_show },
	};

	if (argc < 1)
		return cli_usage("stock", _("a subcommand is required (%s)"),
		                 "part, receive, issue, return, adjust, order, list, history, show");
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk stock part|receive|issue|return|adjust|order|list|history|show ...\n"
"The spare-parts store (备品备件库): the parts master and the movements.\n"
"\n"
"  part      add or update a part\n"
"  receive   receive parts into the store (入库)\n"
"  issue     issue parts to a ledger entry (领用)\n"
"  return    return parts from a ledger entry (退回)\n"
"  adjust    adjust the stock by a signed quantity, with a reason (调整)\n"
"  order     record an order placed (or cancel one)\n"
"  list      the parts with on hand; --low: what to order\n"
"  history   the movements of a part, newest first\n"
"  show      one part\n"
"\n"
"'servdesk stock SUBCOMMAND --help' describes each subcommand.\n"));
	if (!argv[0])
		return cli_usage("stock", "%s", _("invalid argument"));
	return cli_usage("stock", _("unknown subcommand '%s'"), argv[0]);
}
