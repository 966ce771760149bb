/*
 * cli_visit.c — the follow-up visit commands: visit plan, add, list, show,
 * calendar, move, assign, cancel, done, miss, request, rule list and rule set.
 *
 * Reading is open to anyone; who may change what is decided by
 * visit_permit (visit.h).
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
#include "customer.h"
#include "intake.h"
#include "json.h"
#include "out.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "visit.h"

enum {
	OPT_UNTIL = 1, OPT_CUSTOMER, OPT_SERIAL, OPT_KIND, OPT_DUE, OPT_ENGINEER, OPT_METHOD,
	OPT_OVERDUE, OPT_WEEK, OPT_MONTH, OPT_DAY, OPT_UPCOMING, OPT_STATUS, OPT_FORMAT,
	OPT_REASON, OPT_SATISFACTION, OPT_NOTE, OPT_COMMENTS, OPT_ITEM, OPT_PRIORITY,
	OPT_REQUESTER, OPT_PHONE, OPT_ACTIVE, OPT_MONTHS, OPT_WEEKLY_MONTHS, OPT_EVERY_MONTHS,
	OPT_WORKING_DAYS, OPT_ALL
};

#define OPT_END { NULL, 0, false, false, 0 }

/* ---------------------------------------------------------------- helpers */

/* A visit number: a whole number > 0. SD_OK or SD_USAGE (printed). */
static int
parse_id(const char *cmd, const char *s, long long *id)
{
	char *end;

	errno = 0;
	if (!s || *s < '0' || *s > '9')
		goto bad;
	*id = strtoll(s, &end, 10);
	if (errno || *end || *id <= 0)
		goto bad;
	return SD_OK;
bad:
	return cli_usage(cmd, _("invalid visit number '%s'"), s ? s : "");
}

/* A whole number for option opt. SD_OK or SD_USAGE (printed). */
static int
parse_long(const char *cmd, const char *opt, const char *s, long *out)
{
	char *end;
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		goto bad;
	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || *end || *out > 1000000 || *out < -1000000)
		goto bad;
	return SD_OK;
bad:
	return cli_usage(cmd, _("invalid number '%s' for '--%s' (a whole number expected)"), s, opt);
}

/* Open the database; a status (printed on failure). */
static int
open_db(cli *c)
{
	return cli_open(c, false) == SD_OK ? SD_OK : cli_fail(c);
}

/* Check visit_permit for op; a status (printed on failure). */
static int
permit(cli *c, const char *cmd, enum sd_visit_op op, const sd_visit *v, int method)
{
	sd_err e;

	if (visit_permit(c->st, c->user, op, v, method, &e) == SD_OK)
		return SD_OK;
	sd_err_set(&c->err, SD_NOPERM, _("%s: %s"), cmd, e.msg);
	return cli_fail(c);
}

/* Open, load visit id and check the permission for op; a status (printed). */
static int
open_visit(cli *c, const char *cmd, long long id, enum sd_visit_op op, int method, sd_visit *v)
{
	int rc;

	memset(v, 0, sizeof *v);
	v->method = -1;
	if ((rc = open_db(c)) != SD_OK)
		return rc;
	if (visit_get(c->st, id, v, &c->err) != SD_OK)
		return cli_fail(c);
	return permit(c, cmd, op, v, method);
}

/* ---------------------------------------------------------------- plan */

static int
vis_plan(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "until", 0, true, false, OPT_UNTIL },
		OPT_END
	};
	const char *cmd = "visit plan";
	sd_visit_plan_result res;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit plan [--until YYYY-MM-DD]\n"
"Plan the visits the rules give (servdesk visit rule list), due from today to\n"
"the horizon: phone follow-ups after delivery, maintenance visits, surveys,\n"
"key-customer visits and quality calls after closed ledger entries. Running\n"
"it again creates nothing new; planned visits follow changed rules; visits\n"
"done, missed, cancelled or moved by hand are kept. Prints what it did.\n"
"\n"
"  --until   the last due date to plan (default: today + 90 days)\n"));
	}
	if ((rc = open_db(c)) != SD_OK || (rc = permit(c, cmd, VOP_PLAN, NULL, -1)) != SD_OK)
		goto out;
	if (visit_plan(c->st, cli_opt_get(&a, OPT_UNTIL), &res, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	/* TRANSLATORS: first and last day of the horizon, then four counts. */
	rc = out_printf(stdout, _("planned %s to %s: %ld new, %ld moved, %ld removed, %ld unchanged\n"),
	                res.from, res.until, res.created, res.moved, res.removed, res.unchanged);
	rc = cli_finish_output(c, rc);
out:
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- add */

static int
vis_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "serial", 0, true, false, OPT_SERIAL },
		{ "kind", 0, true, false, OPT_KIND },
		{ "due", 0, true, false, OPT_DUE },
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "method", 0, true, false, OPT_METHOD },
		OPT_END
	};
	const char *cmd = "visit add";
	sd_visit v;
	long long id = 0;
	const char *s;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit add --customer NAME [--serial SN] [--kind KIND]\n"
"         --due YYYY-MM-DD [--engineer LOGIN] [--method phone|onsite]\n"
"Add a visit by hand; prints its number. The due date is kept as given.\n"
"\n"
"  --customer   the customer (on the customer list)\n"
"  --serial     one of the customer's pieces of equipment\n"
"  --kind       manual (default), phone_followup, maintenance, survey,\n"
"               key_customer or quality_call\n"
"  --due        the due date\n"
"  --engineer   the engineer responsible (an engineer or supervisor)\n"
"  --method     phone or onsite (default: by the kind)\n"));
	}
	memset(&v, 0, sizeof v);
	v.kind = VK_MANUAL;
	v.method = -1;
	if (!cli_opt_has(&a, OPT_CUSTOMER))
		rc = cli_need_opt(cmd, "customer");
	else if (!cli_opt_has(&a, OPT_DUE))
		rc = cli_need_opt(cmd, "due");
	else if ((s = cli_opt_get(&a, OPT_KIND)) && (v.kind = visit_kind_parse(s)) < 0)
		rc = cli_usage(cmd, _("unknown kind '%s'"), s);
	else if ((s = cli_opt_get(&a, OPT_METHOD)) && (v.method = visit_method_parse(s)) < 0)
		rc = cli_usage(cmd, _("unknown method '%s' (phone or onsite)"), s);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	v.customer = (char *)cli_opt_get(&a, OPT_CUSTOMER);
	v.serial = (char *)cli_opt_get(&a, OPT_SERIAL);
	v.engineer = (char *)cli_opt_get(&a, OPT_ENGINEER);
	snprintf(v.due_on, sizeof v.due_on, "%s", cli_opt_get(&a, OPT_DUE));
	if ((rc = open_db(c)) != SD_OK || (rc = permit(c, cmd, VOP_ADD, NULL, -1)) != SD_OK)
		goto out;
	if (strlen(cli_opt_get(&a, OPT_DUE)) >= sizeof v.due_on)
		v.due_on[0] = '\0';
	if (visit_add(c->st, &v, &id, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	rc = cli_finish_output(c, out_printf(stdout, "%lld\n", id));
out:
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- list */

static const char *const list_csv_heads[] = {
	"id", "due_on", "kind", "customer", "serial", "engineer", "method", "status",
	"overdue", "satisfaction", "done_at", "moved"
};

static void
list_row(cli_list *o, const void *row)
{
	const sd_visit_row *r = row;
	char id[24], sat[16] = "";
	buf st = { 0 };

	snprintf(id, sizeof id, "%lld", r->id);
	if (r->satisfaction > 0)
		snprintf(sat, sizeof sat, "%d", r->satisfaction);
	if (o->fmt == FMT_TABLE) {
		buf_puts(&st, visit_status_name(r->status));
		if (r->overdue)
			buf_printf(&st, " %s", _("(overdue)"));
		const char *cells[9] = {
			id, r->due_on, visit_kind_name(r->kind), r->customer, r->serial, r->engineer,
			visit_method_name(r->method), buf_str(&st), sat
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *m = visit_method_code(r->method);
		const char *cells[12] = {
			id, r->due_on, visit_kind_code(r->kind), r->customer ? r->customer : "",
			r->serial ? r->serial : "", r->engineer ? r->engineer : "", m ? m : "",
			visit_status_code(r->status), r->overdue ? "1" : "0", sat, r->done_at,
			r->moved ? "1" : "0"
		};
		csv_put_record(&o->b, cells, 12);
	} else {
		json_obj(&o->j);
		json_kint(&o->j, "id", r->id);
		json_kstr(&o->j, "due_on", r->due_on);
		json_kstr(&o->j, "kind", visit_kind_code(r->kind));
		json_kstr(&o->j, "customer", r->customer);
		json_kstr(&o->j, "serial", r->serial);
		json_kstr(&o->j, "engineer", r->engineer);
		json_kstr(&o->j, "method", visit_method_code(r->method));
		json_kstr(&o->j, "status", visit_status_code(r->status));
		json_kbool(&o->j, "overdue", r->overdue);
		json_key(&o->j, "satisfaction");
		if (r->satisfaction > 0)
			json_int(&o->j, r->satisfaction);
		else
			json_null(&o->j);
		json_kstr(&o->j, "done_at", r->done_at[0] ? r->done_at : NULL);
		json_kbool(&o->j, "moved", r->moved);
		json_end(&o->j);
	}
	buf_free(&st);
	o->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max,
          void *rows, int *n)
{
	return visit_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	visit_row_free(row);
}

static const struct cli_pager list_pager = {
	sizeof(sd_visit_row), list_page, list_row, list_free
};

static int
vis_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "due", 0, false, false, OPT_DUE },
		{ "overdue", 0, false, false, OPT_OVERDUE },
		{ "week", 0, false, false, OPT_WEEK },
		{ "upcoming", 0, false, false, OPT_UPCOMING },
		{ "all", 0, false, false, OPT_ALL },
		{ "month", 0, true, false, OPT_MONTH },
		{ "day", 0, true, false, OPT_DAY },
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "status", 0, true, false, OPT_STATUS },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "visit list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_visit_query q;
	const char *v;
	char month[7];
	cli_args a;
	int rc, views = 0;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit list [--due|--overdue|--week|--upcoming|--all|\n"
"         --month YYYY-MM|--day YYYY-MM-DD] [--engineer LOGIN]\n"
"         [--customer NAME] [--status planned|done|missed|cancelled]\n"
"         [--format table|csv|json]\n"
"List visits in order of due date. Without a choice: the planned visits due\n"
"from today on (--upcoming).\n"
"\n"
"  --due        planned visits due today\n"
"  --overdue    planned visits due before today\n"
"  --week       visits due this week (Monday to Sunday)\n"
"  --month      visits due in the month\n"
"  --day        visits due on the day\n"
"  --all        every visit\n"
"  --engineer   only the visits of this engineer\n"
"  --customer   only the visits of this customer (its name as registered)\n"
"  --status     only visits of this status (with --week, --month, --day, --all)\n"
"  --format     table (default), csv or json\n"));
	}
	memset(&q, 0, sizeof q);
	q.view = VV_UPCOMING;
	o.fmt = FMT_TABLE;
	if (cli_opt_has(&a, OPT_DUE))
		q.view = VV_DUE, views++;
	if (cli_opt_has(&a, OPT_OVERDUE))
		q.view = VV_OVERDUE, views++;
	if (cli_opt_has(&a, OPT_WEEK))
		q.view = VV_WEEK, views++;
	if (cli_opt_has(&a, OPT_UPCOMING))
		q.view = VV_UPCOMING, views++;
	if (cli_opt_has(&a, OPT_ALL))
		q.view = VV_ALL, views++;
	if ((v = cli_opt_get(&a, OPT_MONTH))) {
		q.view = VV_MONTH, views++;
		if (!intake_parse_month(v, month))
			rc = cli_usage(cmd, _("invalid month '%s' (expected YYYY-MM)"), v);
		else
			snprintf(q.day, sizeof q.day, "%.4s-%.2s-01", month, month + 4);
	}
	if ((v = cli_opt_get(&a, OPT_DAY))) {
		sd_date d;

		q.view = VV_DAY, views++;
		if (!date_parse(v, &d))
			rc = cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD)"), v);
		else
			date_format(d, q.day);
	}
	if (rc == SD_OK && views > 1)
		rc = cli_usage(cmd, "%s", _("choose one of --due, --overdue, --week, --upcoming, --all, --month, --day"));
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_STATUS))) {
		int s = visit_status_parse(v);
		if (s < 0)
			rc = cli_usage(cmd, _("unknown status '%s'"), v);
		else
			q.status = s + 1;
	}
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	q.engineer = cli_opt_get(&a, OPT_ENGINEER);
	if ((rc = open_db(c)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((v = cli_opt_get(&a, OPT_CUSTOMER))) {
		sd_customer cu;

		memset(&cu, 0, sizeof cu);
		if ((rc = customer_get(c->st, v, &cu, &c->err)) != SD_OK) {
			cli_args_free(&a);
			return cli_fail(c);
		}
		q.customer_id = cu.id;
		customer_free(&cu);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[9] = {
			_("No."), _("Due"), _("Kind"), _("Customer"), _("Serial no."), _("Engineer"),
			_("Method"), _("Status"), _("Satisfaction")
		};
		static const int caps[9] = { 0, 0, 20, 28, 20, 12, 0, 0, 0 };
		t = out_table_new(9, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- show */

static void
visit_text(buf *b, const sd_visit *v)
{
	const char *labels[] = {
		_("Visit number"), _("Kind"), _("Due"), _("Status"), _("Customer"), _("Serial number"),
		_("Ledger entry"), _("Engineer"), _("Method"), _("Satisfaction"), _("Outcome"),
		_("Customer's comments"), _("Recorded at"), _("Cancel reason"), _("Rule"),
		_("Moved by hand"), _("Request opened"), _("Added")
	};
	char t[64];
	int labw = 0;

	labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	snprintf(t, sizeof t, "%lld", v->id);
	out_label_line(b, labels[0], t, labw);
	out_label_line(b, labels[1], visit_kind_name(v->kind), labw);
	out_label_line(b, labels[2], v->due_on, labw);
	out_label_line(b, labels[3], visit_status_name(v->status), labw);
	out_label_line(b, labels[4], v->customer, labw);
	if (v->serial)
		out_label_line(b, labels[5], v->serial, labw);
	if (v->ledger_regno)
		out_label_line(b, labels[6], v->ledger_regno, labw);
	out_label_line(b, labels[7], v->engineer, labw);
	out_label_line(b, labels[8], visit_method_name(v->method), labw);
	if (v->satisfaction > 0) {
		snprintf(t, sizeof t, "%d / 5", v->satisfaction);
		out_label_line(b, labels[9], t, labw);
	}
	if (v->outcome)
		out_label_line(b, labels[10], v->outcome, labw);
	if (v->comments)
		out_label_line(b, labels[11], v->comments, labw);
	if (v->done_at[0])
		out_label_line(b, labels[12], v->done_at, labw);
	if (v->cancel_reason)
		out_label_line(b, labels[13], v->cancel_reason, labw);
	if (v->rule_code)
		out_label_line(b, labels[14], v->rule_code, labw);
	if (v->moved)
		out_label_line(b, labels[15], _("yes"), labw);
	if (v->request_regno)
		out_label_line(b, labels[16], v->request_regno, labw);
	if (v->created_at[0]) {
		buf x = { 0 };
		buf_printf(&x, "%s %s", v->created_at, v->created_by ? v->created_by : "");
		out_label_line(b, labels[17], buf_str(&x), labw);
		buf_free(&x);
	}
}

static void
visit_json_out(buf *b, const sd_visit *v)
{
	sd_json j;

	json_start(&j, b);
	json_obj(&j);
	json_kint(&j, "id", v->id);
	json_kstr(&j, "kind", visit_kind_code(v->kind));
	json_kstr(&j, "due_on", v->due_on);
	json_kstr(&j, "status", visit_status_code(v->status));
	json_kstr(&j, "customer", v->customer);
	json_kstr(&j, "serial", v->serial);
	json_kstr(&j, "ledger_regno", v->ledger_regno);
	json_kstr(&j, "engineer", v->engineer);
	json_kstr(&j, "method", visit_method_code(v->method));
	json_key(&j, "satisfaction");
	if (v->satisfaction > 0)
		json_int(&j, v->satisfaction);
	else
		json_null(&j);
	json_kstr(&j, "outcome", v->outcome);
	json_kstr(&j, "comments", v->comments);
	json_kstr(&j, "done_at", v->done_at[0] ? v->done_at : NULL);
	json_kstr(&j, "cancel_reason", v->cancel_reason);
	json_kstr(&j, "rule", v->rule_code);
	json_kstr(&j, "plan_key", v->plan_key);
	json_kbool(&j, "moved", v->moved);
	json_kstr(&j, "request", v->request_regno);
	json_kint(&j, "version", v->version);
	json_end(&j);
	buf_putc(b, '\n');
}

static int
vis_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "visit show";
	int fmt = FMT_TEXT;
	long long id = 0;
	buf b = { 0 };
	sd_visit v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit show ID [--format text|json]\n"
"Show one visit: kind, due date, status, customer, equipment, engineer,\n"
"method, satisfaction, outcome, the customer's comments and the request\n"
"opened from it.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one visit number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK && cli_opt_has(&a, OPT_FORMAT))
		rc = cli_parse_format(cmd, cli_opt_get(&a, OPT_FORMAT),
		                      (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&v, 0, sizeof v);
	if ((rc = open_db(c)) != SD_OK)
		goto out;
	if (visit_get(c->st, id, &v, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (fmt == FMT_JSON) {
		visit_json_out(&b, &v);
		rc = cli_finish_output(c, out_raw(stdout, buf_str(&b), b.len));
	} else {
		visit_text(&b, &v);
		rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
	}
out:
	buf_free(&b);
	visit_free(&v);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- calendar */

static int
vis_calendar(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "engineer", 0, true, false, OPT_ENGINEER },
		OPT_END
	};
	const char *cmd = "visit calendar";
	sd_visit_day days[31];
	char month[7];
	buf b = { 0 };
	cli_args a;
	int rc, nd = 0;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit calendar YYYY-MM [--engineer LOGIN]\n"
"The month calendar of visits: for each day with visits, how many are\n"
"planned, done, missed and cancelled, and how many planned ones are overdue.\n"
"Days off of the working-day calendar are marked.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one month YYYY-MM expected"));
	else if (!intake_parse_month(a.pos[0], month))
		rc = cli_usage(cmd, _("invalid month '%s' (expected YYYY-MM)"), a.pos[0]);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_db(c)) != SD_OK)
		goto out;
	if (visit_month(c->st, atoi(month) / 100, atoi(month) % 100, cli_opt_get(&a, OPT_ENGINEER),
	                days, &nd, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	for (int i = 0; i < nd; i++) {
		char d[11];
		bool off = days[i].daykind == DAY_WEEKEND || days[i].daykind == DAY_HOLIDAY;

		if (days[i].total == 0 && !off)
			continue;
		date_format(days[i].date, d);
		buf_printf(&b, "%s %s", d, off ? _("(day off)") : "");
		if (days[i].total > 0) {
			/* TRANSLATORS: counts of visits by status on one day. */
			buf_printf(&b, ngettext(" %d visit: %d planned, %d done, %d missed, %d cancelled",
			                        " %d visits: %d planned, %d done, %d missed, %d cancelled",
			                        (unsigned long)days[i].total),
			           days[i].total, days[i].by_status[VS_PLANNED], days[i].by_status[VS_DONE],
			           days[i].by_status[VS_MISSED], days[i].by_status[VS_CANCELLED]);
			if (days[i].overdue)
				buf_printf(&b, _(", %d overdue"), days[i].overdue);
		}
		buf_putc(&b, '\n');
	}
	rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
out:
	buf_free(&b);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- changes */

/* A change that takes the visit's number and one argument (move, assign). */
struct id_arg_cmd {
	const char *cmd;          /* "visit move" */
	const char *help;         /* untranslated usage text */
	const char *expected;     /* untranslated "ID and DATE expected" */
	enum sd_visit_op op;
	int (*apply)(store *st, long long id, const char *arg, sd_err *err);
};

static int
run_id_arg(cli *c, const struct id_arg_cmd *k, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	long long id = 0;
	sd_visit v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(k->cmd, opts, "tt", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(k->help));
	}
	if (a.npos != 2)
		rc = cli_usage(k->cmd, "%s", _(k->expected));
	else
		rc = parse_id(k->cmd, a.pos[0], &id);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_visit(c, k->cmd, id, k->op, -1, &v)) == SD_OK &&
	    k->apply(c->st, id, a.pos[1], &c->err) != SD_OK)
		rc = cli_fail(c);
	visit_free(&v);
	cli_args_free(&a);
	return rc;
}

static int
apply_move(store *st, long long id, const char *date, sd_err *err)
{
	return visit_move(st, id, -1, date, err);
}

/* LOGIN "-" takes the assignment away. */
static int
apply_assign(store *st, long long id, const char *login, sd_err *err)
{
	return visit_assign(st, id, -1, strcmp(login, "-") == 0 ? NULL : login, err);
}

static int
vis_move(cli *c, int argc, char **argv, char **raw)
{
	static const struct id_arg_cmd k = {
		"visit move",
		N_("Usage: servdesk visit move ID YYYY-MM-DD\n"
		   "Move a planned visit to another day. A visit moved by hand keeps its day:\n"
		   "planning no longer moves it.\n"),
		N_("ID and DATE expected"), VOP_MOVE, apply_move
	};

	return run_id_arg(c, &k, argc, argv, raw);
}

static int
vis_assign(cli *c, int argc, char **argv, char **raw)
{
	static const struct id_arg_cmd k = {
		"visit assign",
		N_("Usage: servdesk visit assign ID LOGIN\n"
		   "Assign a planned visit to an engineer (an active engineer or supervisor);\n"
		   "LOGIN - takes the assignment away.\n"),
		N_("ID and LOGIN expected"), VOP_ASSIGN, apply_assign
	};

	return run_id_arg(c, &k, argc, argv, raw);
}

static int
vis_cancel(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "reason", 0, true, false, OPT_REASON },
		OPT_END
	};
	const char *cmd = "visit cancel";
	long long id = 0;
	sd_visit v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit cancel ID --reason TEXT\n"
"Cancel a planned visit; the reason is required.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one visit number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK && !cli_opt_has(&a, OPT_REASON))
		rc = cli_need_opt(cmd, "reason");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_visit(c, cmd, id, VOP_CANCEL, -1, &v)) == SD_OK &&
	    visit_cancel(c->st, id, -1, cli_opt_get(&a, OPT_REASON), &c->err) != SD_OK)
		rc = cli_fail(c);
	visit_free(&v);
	cli_args_free(&a);
	return rc;
}

static int
vis_outcome(cli *c, bool done, int argc, char **argv, char **raw)
{
	static const struct cli_opt done_opts[] = {
		{ "satisfaction", 0, true, false, OPT_SATISFACTION },
		{ "method", 0, true, false, OPT_METHOD },
		{ "note", 0, true, false, OPT_NOTE },
		{ "comments", 0, true, false, OPT_COMMENTS },
		OPT_END
	};
	static const struct cli_opt miss_opts[] = {
		{ "note", 0, true, false, OPT_NOTE },
		OPT_END
	};
	const char *cmd = done ? "visit done" : "visit miss";
	long long id = 0;
	long sat = 0;
	int method = -1;
	const char *s;
	sd_visit v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, done ? done_opts : miss_opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(done ? _(
"Usage: servdesk visit done ID --satisfaction N [--method phone|onsite]\n"
"         [--note TEXT] [--comments TEXT]\n"
"Record a visit as done (also one recorded as missed before).\n"
"\n"
"  --satisfaction   the customer's satisfaction, 1 (poor) to 5 (very good)\n"
"  --method         how it was done: phone or onsite\n"
"  --note           what was found\n"
"  --comments       the customer's own words (客户意见)\n"
"The outcome of a visit by phone may be recorded by an operator too.\n") : _(
"Usage: servdesk visit miss ID [--note TEXT]\n"
"Record a planned visit as missed (the customer could not be reached, the\n"
"visit did not take place).\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one visit number expected"));
	else
		rc = parse_id(cmd, a.pos[0], &id);
	if (rc == SD_OK && done && !cli_opt_has(&a, OPT_SATISFACTION))
		rc = cli_need_opt(cmd, "satisfaction");
	if (rc == SD_OK && (s = cli_opt_get(&a, OPT_SATISFACTION)))
		rc = parse_long(cmd, "satisfaction", s, &sat);
	if (rc == SD_OK && (s = cli_opt_get(&a, OPT_METHOD)) && (method = visit_method_parse(s)) < 0)
		rc = cli_usage(cmd, _("unknown method '%s' (phone or onsite)"), s);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_visit(c, cmd, id, done ? VOP_DONE : VOP_MISS, method, &v)) == SD_OK) {
		if (done)
			rc = visit_done(c->st, id, -1, (int)sat, method, cli_opt_get(&a, OPT_NOTE),
			                cli_opt_get(&a, OPT_COMMENTS), &c->err);
		else
			rc = visit_miss(c->st, id, -1, cli_opt_get(&a, OPT_NOTE), &c->err);
		if (rc != SD_OK)
			rc = cli_fail(c);
	}
	visit_free(&v);
	cli_args_free(&a);
	return rc;
}

static int
vis_done(cli *c, int argc, char **argv, char **raw)
{
	return vis_outcome(c, true, argc, argv, raw);
}

static int
vis_miss(cli *c, int argc, char **argv, char **raw)
{
	return vis_outcome(c, false, argc, argv, raw);
}

static int
vis_request(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "item", 0, true, false, OPT_ITEM },
		{ "priority", 0, true, false, OPT_PRIORITY },
		{ "requester", 0, true, false, OPT_REQUESTER },
		{ "phone", 0, true, false, OPT_PHONE },
		OPT_END
	};
	const char *cmd = "visit request";
	long long id = 0;
	sd_request r;
	sd_visit v;
	const char *s;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit request ID --item TEXT [--item TEXT ...] [--priority P1..P4]\n"
"         [--requester NAME --phone TEL]\n"
"The visit found a fault: register a request for it (channel: visit) and\n"
"record the visit as done, in one step. Prints the register number. The\n"
"request shows the visit it came from.\n"
"\n"
"  --item        a maintenance item (what is wrong); repeatable\n"
"  --priority    P1..P4 (default P3)\n"
"  --requester   who raised it (default: the customer's contact)\n"
"  --phone       their phone (default: the customer's phone)\n"));
	}
	intake_request_init(&r);
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one visit number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK && !cli_opt_has(&a, OPT_ITEM))
		rc = cli_need_opt(cmd, "item");
	if (rc == SD_OK && (s = cli_opt_get(&a, OPT_PRIORITY)) &&
	    (r.priority = intake_priority_parse(s)) < 0)
		rc = cli_usage(cmd, _("invalid priority '%s' (P1 to P4)"), s);
	if (rc != SD_OK) {
		cli_args_free(&a);
		intake_request_free(&r);
		return rc;
	}
	for (int i = 0; i < a.nopt; i++)
		if (a.opt[i].id == OPT_ITEM)
			intake_request_add_item(&r, a.opt[i].val);
	cli_set_text(&r.requester, cli_opt_get(&a, OPT_REQUESTER));
	cli_set_text(&r.phone, cli_opt_get(&a, OPT_PHONE));
	if ((rc = open_visit(c, cmd, id, VOP_REQUEST, -1, &v)) == SD_OK) {
		if ((rc = visit_request(c->st, id, -1, &r, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else
			rc = cli_finish_output(c, out_printf(stdout, "%s\n", r.regno));
	}
	visit_free(&v);
	intake_request_free(&r);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- rules */

static const struct {
	const char *opt, *param;
	int id;
} param_opts[] = {
	{ "months", "months", OPT_MONTHS },
	{ "weekly-months", "weekly_months", OPT_WEEKLY_MONTHS },
	{ "every-months", "every_months", OPT_EVERY_MONTHS },
	{ "working-days", "working_days", OPT_WORKING_DAYS },
};

struct rule_out {
	out_table *table;
	buf b;
	sd_json j;
	int fmt;
	int n;
};

static int
rule_row(const sd_visit_rule *r, void *arg)
{
	struct rule_out *o = arg;
	buf p = { 0 };

	visit_params_format(r, &p);
	if (o->fmt == FMT_TABLE) {
		const char *cells[4] = { r->code, visit_kind_name(r->kind), r->active ? _("yes") : _("no"),
		                         buf_str(&p) };
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[4] = { r->code, visit_kind_code(r->kind), r->active ? "1" : "0",
		                         buf_str(&p) };
		csv_put_record(&o->b, cells, 4);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "code", r->code);
		json_kstr(&o->j, "kind", visit_kind_code(r->kind));
		json_kbool(&o->j, "active", r->active);
		json_key(&o->j, "params");
		json_raw(&o->j, buf_str(&p));
		json_end(&o->j);
	}
	o->n++;
	buf_free(&p);
	return 0;
}

static int
rule_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	const char *cmd = "visit rule list";
	struct rule_out o = { 0 };
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit rule list [--format table|csv|json]\n"
"The visit rules: code, kind, active, parameters.\n"));
	}
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_FORMAT)) && (rc = cli_parse_format(cmd, v, 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	cli_args_free(&a);
	if ((rc = open_db(c)) != SD_OK)
		return rc;
	if (o.fmt == FMT_TABLE) {
		const char *heads[4] = { _("Rule"), _("Kind"), C_("rule", "Active"), _("Parameters") };
		o.table = out_table_new(4, heads, NULL);
	} else if (o.fmt == FMT_CSV) {
		static const char *const heads[4] = { "code", "kind", "active", "params" };
		csv_put_record(&o.b, heads, 4);
	} else {
		json_start(&o.j, &o.b);
		json_arr_lines(&o.j);
	}
	if (visit_rule_each(c->st, rule_row, &o, &c->err) != SD_OK) {
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

static int
rule_set(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "active", 0, true, false, OPT_ACTIVE },
		{ "months", 0, true, false, OPT_MONTHS },
		{ "weekly-months", 0, true, false, OPT_WEEKLY_MONTHS },
		{ "every-months", 0, true, false, OPT_EVERY_MONTHS },
		{ "working-days", 0, true, false, OPT_WORKING_DAYS },
		OPT_END
	};
	const char *cmd = "visit rule set";
	const char *names[SD_ARRAY_LEN(param_opts)];
	long values[SD_ARRAY_LEN(param_opts)];
	int n = 0, active = -1;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk visit rule set CODE [--active 0|1] [--months N]\n"
"         [--weekly-months N] [--every-months N] [--working-days N]\n"
"Change a visit rule (supervisor). The parameters a rule takes:\n"
"  phone_followup   --months: months after delivery (default 1)\n"
"  maintenance      --weekly-months: weekly for this many months after\n"
"                   commissioning (default 6); --every-months: then every N\n"
"                   months (default 3)\n"
"  survey           --every-months (default 12)\n"
"  key_customer     --every-months (default 12)\n"
"  quality_call     --working-days after a ledger entry closed (default 3)\n"
"The planned visits follow the change at once (as 'servdesk visit plan').\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one rule CODE expected"));
	else if ((v = cli_opt_get(&a, OPT_ACTIVE))) {
		if (strcmp(v, "0") == 0)
			active = 0;
		else if (strcmp(v, "1") == 0)
			active = 1;
		else
			rc = cli_usage(cmd, _("invalid value '%s' for '--%s' (0 or 1)"), v, "active");
	}
	for (size_t i = 0; rc == SD_OK && i < SD_ARRAY_LEN(param_opts); i++)
		if ((v = cli_opt_get(&a, param_opts[i].id))) {
			names[n] = param_opts[i].param;
			rc = parse_long(cmd, param_opts[i].opt, v, &values[n]);
			n++;
		}
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_db(c)) != SD_OK || (rc = permit(c, cmd, VOP_PLAN, NULL, -1)) != SD_OK)
		goto out;
	if (visit_rule_set(c->st, a.pos[0], active, names, values, n, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	{
		sd_visit_plan_result res;

		if (visit_plan(c->st, NULL, &res, &c->err) != SD_OK) {
			rc = cli_fail(c);
			goto out;
		}
		out_note(_("planned %s to %s: %ld new, %ld moved, %ld removed, %ld unchanged"),
		         res.from, res.until, res.created, res.moved, res.removed, res.unchanged);
	}
out:
	cli_args_free(&a);
	return rc;
}

static int
vis_rule(cli *c, int argc, char **argv, char **raw)
{
	if (argc >= 1 && strcmp(raw[0], "list") == 0)
		return rule_list(c, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "set") == 0)
		return rule_set(c, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk visit rule list [--format table|csv|json]\n"
"       servdesk visit rule set CODE [--active 0|1] [--PARAMETER N ...]\n"));
	if (argc < 1)
		return cli_usage("visit rule", "%s", _("a subcommand is required (list, set)"));
	return cli_usage("visit rule", _("unknown subcommand '%s'"), argv[0] ? argv[0] : "?");
}

/* ---------------------------------------------------------------- dispatch */

int
cli_visit(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "plan", vis_plan }, { "add", vis_add }, { "list", vis_list }, { "show", vis_show },
		{ "calendar", vis_calendar }, { "move", vis_move }, { "assign", vis_assign },
		{ "cancel", vis_cancel }, { "done", vis_done }, { "miss", vis_miss },
		{ "request", vis_request }, { "rule", vis_rule },
	};

	if (argc < 1)
		return cli_usage("visit", _("a subcommand is required (%s)"),
		                 "plan, add, list, show, calendar, move, assign, cancel, done, miss, request, rule");
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk visit plan|add|list|show|calendar|move|assign|cancel|done|miss|request|rule ...\n"
"The follow-up visit schedule (回访/巡检计划).\n"
"\n"
"  plan       plan the visits the rules give\n"
"  add        add a visit by hand\n"
"  list       visits due today, overdue, this week, in a month, on a day\n"
"  show       one visit\n"
"  calendar   the month calendar: visits per day\n"
"  move       move a planned visit to another day\n"
"  assign     assign a planned visit to an engineer\n"
"  cancel     cancel a planned visit, with a reason\n"
"  done       record a visit as done, with the customer's satisfaction\n"
"  miss       record a visit as missed\n"
"  request    the visit found a fault: register a request from it\n"
"  rule       list or change the visit rules\n"
"\n"
"'servdesk visit SUBCOMMAND --help' describes each subcommand.\n"));
	if (!argv[0])
		return cli_usage("visit", "%s", _("invalid argument"));
	return cli_usage("visit", _("unknown subcommand '%s'"), argv[0]);
}
