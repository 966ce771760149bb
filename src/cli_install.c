/*
 * cli_install.c — installation and commissioning (servdesk install) and
 * training (servdesk training): add, list (open, all, overdue), show, done,
 * sign, cancel and form (the signed record to print).
 *
 * Reading is open to anyone who may look; who may change what is decided by
 * install_permit (install.h).
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
#include "install.h"
#include "json.h"
#include "out.h"
#include "report.h"
#include "staff.h"
#include "store.h"

enum {
	OPT_SERIAL = 1, OPT_CUSTOMER, OPT_PLANNED, OPT_ENGINEER, OPT_NOTE, OPT_DAYS, OPT_OPEN,
	OPT_ALL, OPT_OVERDUE, OPT_FORMAT, OPT_ON, OPT_TO, OPT_CHECKS, OPT_TOPICS, OPT_ATTENDEES,
	OPT_COUNT, OPT_BY, OPT_REASON, OPT_VERSION, OPT_ENCODING, OPT_WIDTH, OPT_OUTPUT, OPT_PRINT
};

#define OPT_END { NULL, 0, false, false, 0 }

/* The command's name for messages: "install add", "training list", ... */
static void
cmd_name(char out[32], int kind, const char *sub)
{
	snprintf(out, 32, "%s %s", kind == IK_COMMISSION ? "install" : "training", sub);
}

/* A record number: a whole number > 0. SD_OK or SD_USAGE (printed). */
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
	return cli_usage(cmd, _("invalid record number '%s'"), s ? s : "");
}

/* A whole number 0..INT_MAX for option opt. */
static int
parse_int(const char *cmd, const char *opt, const char *v, int *n)
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

/* --version N: the version the person last saw (-1 when not given). */
static int
opt_version(const char *cmd, const cli_args *a, int *version)
{
	const char *v = cli_opt_get(a, OPT_VERSION);

	*version = -1;
	return v ? parse_int(cmd, "version", v, version) : SD_OK;
}

/* Open the database and check the permission for op; a status (printed on failure). */
static int
open_for(cli *c, const char *cmd, int op)
{
	sd_err e;

	if (cli_open(c, false) != SD_OK)
		return cli_fail(c);
	if (op < 0 || install_permit(c->st, c->user, op, &e) == SD_OK)
		return SD_OK;
	sd_err_set(&c->err, SD_NOPERM, _("%s: %s"), cmd, e.msg);
	return cli_fail(c);
}

/* The job id must be of this kind (install 3 on a training is refused). */
static int
check_kind(cli *c, long long id, int kind)
{
	sd_install j;

	if (install_get(c->st, id, &j, &c->err) != SD_OK)
		return cli_fail(c);
	if (j.kind != kind) {
		/* TRANSLATORS: the number, then what it is (commissioning or training). */
		sd_err_set(&c->err, SD_DATAERR, _("number %lld is a record of %s"), id,
		           install_kind_name(j.kind));
		install_free(&j);
		return cli_fail(c);
	}
	install_free(&j);
	return SD_OK;
}

/* ---------------------------------------------------------------- add */

static int
ins_add(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "serial", 0, true, false, OPT_SERIAL },
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "planned", 0, true, false, OPT_PLANNED },
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "trainer", 0, true, false, OPT_ENGINEER },
		{ "note", 0, true, false, OPT_NOTE },
		{ "topics", 0, true, false, OPT_TOPICS },
		{ "days", 0, true, false, OPT_DAYS },
		OPT_END
	};
	char cmd[32];
	sd_install j;
	long long id = 0;
	const char *v;
	cli_args a;
	int rc;

	cmd_name(cmd, kind, "add");
	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (kind == IK_COMMISSION)
			return cli_print_help(_(
"Usage: servdesk install add --serial SN [--planned YYYY-MM-DD]\n"
"         [--engineer LOGIN] [--note TEXT]\n"
"Plan the installation and commissioning (安装调试) of a machine; prints its\n"
"number. It is due install_within_days calendar days (setting, default 7)\n"
"after the machine's arrival (arrival acceptance, else delivery).\n"
"\n"
"  --serial     the machine (not yet commissioned)\n"
"  --planned    the day planned (default: the due day, or today if past)\n"
"  --engineer   the engineer (an engineer or supervisor)\n"
"  --note       what is planned\n"));
		return cli_print_help(_(
"Usage: servdesk training add --customer NAME [--serial SN]\n"
"         [--planned YYYY-MM-DD] [--days N] [--trainer LOGIN] [--topics TEXT]\n"
"Plan a training (培训) of the customer's staff; prints its number.\n"
"\n"
"  --customer   the customer (on the customer list)\n"
"  --serial     one of the customer's machines the training is about\n"
"  --planned    the first day (default: today)\n"
"  --days       the days planned (default: the setting training_days, 3)\n"
"  --trainer    the trainer (an engineer or supervisor)\n"
"  --topics     the topics planned\n"));
	}
	memset(&j, 0, sizeof j);
	j.kind = kind;
	if (kind == IK_COMMISSION && !cli_opt_has(&a, OPT_SERIAL))
		rc = cli_need_opt(cmd, "serial");
	else if (kind == IK_TRAINING && !cli_opt_has(&a, OPT_CUSTOMER))
		rc = cli_need_opt(cmd, "customer");
	else if (kind == IK_TRAINING && (v = cli_opt_get(&a, OPT_DAYS)))
		rc = parse_int(cmd, "days", v, &j.days);
	if (rc == SD_OK && kind == IK_TRAINING && cli_opt_has(&a, OPT_DAYS) && j.days == 0)
		rc = cli_usage(cmd, _("invalid number '%s' for '--%s'"), "0", "days");
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_PLANNED))) {
		if (strlen(v) >= sizeof j.planned_on)
			rc = cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD)"), v);
		else
			snprintf(j.planned_on, sizeof j.planned_on, "%s", v);
	}
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	j.serial = (char *)cli_opt_get(&a, OPT_SERIAL);
	j.customer = (char *)cli_opt_get(&a, OPT_CUSTOMER);
	j.engineer = (char *)cli_opt_get(&a, OPT_ENGINEER);
	j.work = (char *)(kind == IK_COMMISSION ? cli_opt_get(&a, OPT_NOTE) : cli_opt_get(&a, OPT_TOPICS));
	if ((rc = open_for(c, cmd, IOP_PLAN)) == SD_OK) {
		if (install_add(c->st, &j, &id, &c->err) != SD_OK)
			rc = cli_fail(c);
		else
			rc = cli_finish_output(c, out_printf(stdout, "%lld\n", id));
	}
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- list */

static const char *const list_csv_heads[] = {
	"id", "kind", "planned_on", "due_on", "customer", "serial", "engineer", "status",
	"overdue", "days_late", "done_on"
};

static void
list_row(cli_list *o, const void *row)
{
	const sd_install_row *r = row;
	char id[24] = "", late[16] = "";
	buf st = { 0 };

	if (r->id)
		snprintf(id, sizeof id, "%lld", r->id);
	if (r->overdue && r->days_late > 0)
		snprintf(late, sizeof late, "%d", r->days_late);
	if (o->fmt == FMT_TABLE) {
		if (r->status >= 0)
			buf_puts(&st, install_status_name(r->status));
		else
			buf_puts(&st, _("not planned"));
		if (r->overdue)
			buf_printf(&st, " %s", _("(overdue)"));
		const char *cells[9] = {
			id, install_kind_name(r->kind), r->planned_on, r->due_on, r->customer, r->serial,
			r->engineer, buf_str(&st), late
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[11] = {
			id, install_kind_code(r->kind), r->planned_on, r->due_on, r->customer ? r->customer : "",
			r->serial ? r->serial : "", r->engineer ? r->engineer : "",
			r->status >= 0 ? install_status_code(r->status) : "", r->overdue ? "1" : "0", late,
			r->done_on
		};
		csv_put_record(&o->b, cells, 11);
	} else {
		json_obj(&o->j);
		json_key(&o->j, "id");
		if (r->id)
			json_int(&o->j, r->id);
		else
			json_null(&o->j);
		json_kstr(&o->j, "kind", install_kind_code(r->kind));
		json_kstr(&o->j, "planned_on", r->planned_on[0] ? r->planned_on : NULL);
		json_kstr(&o->j, "due_on", r->due_on[0] ? r->due_on : NULL);
		json_kstr(&o->j, "customer", r->customer);
		json_kstr(&o->j, "serial", r->serial);
		json_kstr(&o->j, "engineer", r->engineer);
		json_kstr(&o->j, "status", r->status >= 0 ? install_status_code(r->status) : NULL);
		json_kbool(&o->j, "overdue", r->overdue);
		json_kint(&o->j, "days_late", r->overdue ? r->days_late : 0);
		json_kstr(&o->j, "done_on", r->done_on[0] ? r->done_on : NULL);
		json_end(&o->j);
	}
	buf_free(&st);
	o->n++;
}

static int
list_page(cli *c, const void *q, enum sd_page_from from, const void *anchor, int max,
          void *rows, int *n)
{
	return install_page(c->st, q, from, anchor, max, rows, n, &c->err);
}

static void
list_free(void *row)
{
	install_row_free(row);
}

static const struct cli_pager list_pager = {
	sizeof(sd_install_row), list_page, list_row, list_free
};

static int
ins_list(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "open", 0, false, false, OPT_OPEN },
		{ "all", 0, false, false, OPT_ALL },
		{ "overdue", 0, false, false, OPT_OVERDUE },
		{ "customer", 0, true, false, OPT_CUSTOMER },
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	char cmd[32];
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_install_query q;
	const char *v;
	cli_args a;
	int rc, views = 0;

	cmd_name(cmd, kind, "list");
	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (kind == IK_COMMISSION)
			return cli_print_help(_(
"Usage: servdesk install list [--open|--all|--overdue] [--customer NAME]\n"
"         [--format table|csv|json]\n"
"List commissionings by the day planned. Without a choice: those planned or\n"
"done and not yet signed (--open).\n"
"\n"
"  --all        every commissioning\n"
"  --overdue    machines arrived and not commissioned past their due day,\n"
"               planned or not, by due day (逾期)\n"
"  --customer   only this customer's\n"
"  --format     table (default), csv or json\n"));
		return cli_print_help(_(
"Usage: servdesk training list [--open|--all] [--customer NAME]\n"
"         [--format table|csv|json]\n"
"List trainings by the day planned. Without a choice: those planned or held\n"
"and not yet signed (--open).\n"
"\n"
"  --all        every training\n"
"  --customer   only this customer's\n"
"  --format     table (default), csv or json\n"));
	}
	memset(&q, 0, sizeof q);
	q.view = IV_OPEN;
	q.kind = kind + 1;
	o.fmt = FMT_TABLE;
	if (cli_opt_has(&a, OPT_OPEN))
		views++;
	if (cli_opt_has(&a, OPT_ALL))
		q.view = IV_ALL, views++;
	if (cli_opt_has(&a, OPT_OVERDUE)) {
		q.view = IV_OVERDUE, views++;
		if (kind != IK_COMMISSION)
			rc = cli_usage(cmd, _("unknown option '%s'"), "--overdue");
	}
	if (rc == SD_OK && views > 1)
		rc = cli_usage(cmd, "%s", _("choose one of --open, --all, --overdue"));
	if (rc == SD_OK && (v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_for(c, cmd, -1)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((v = cli_opt_get(&a, OPT_CUSTOMER))) {
		sd_customer cu;

		memset(&cu, 0, sizeof cu);
		if (customer_get(c->st, v, &cu, &c->err) != SD_OK) {
			cli_args_free(&a);
			return cli_fail(c);
		}
		q.customer_id = cu.id;
		customer_free(&cu);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[9] = {
			_("No."), _("Kind"), _("Planned for"), _("Due by"), _("Customer"), _("Serial no."),
			_("Engineer"), _("Status"), _("Days late")
		};
		static const int caps[9] = { 0, 0, 0, 0, 28, 20, 12, 0, 0 };
		t = out_table_new(9, heads, caps);
	}
	cli_list_begin(&o, t, list_csv_heads, SD_ARRAY_LEN(list_csv_heads));
	rc = cli_list_pages(c, &o, &list_pager, &q);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- show */

static void
job_text(buf *b, const sd_install *j)
{
	const char *labels[] = {
		_("No."), _("Kind"), _("Status"), _("Customer"), _("Serial no."), _("Model"),
		_("Arrived on"), _("Due by"), _("Planned for"), _("Days planned"), _("Engineer"),
		_("Done on"), _("Held"), _("Checks made"), _("Topics"), _("Attendees"),
		_("Number of attendees"), _("Signed by the customer"), _("Signed on"),
		_("Reason cancelled"), _("Added"), _("Version")
	};
	char t[64];
	int labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	buf x = { 0 };

	snprintf(t, sizeof t, "%lld", j->id);
	out_label_line(b, labels[0], t, labw);
	out_label_line(b, labels[1], install_kind_name(j->kind), labw);
	buf_puts(&x, install_status_name(j->status));
	if (j->overdue)
		buf_printf(&x, " %s", _("(overdue)"));
	out_label_line(b, labels[2], buf_str(&x), labw);
	buf_reset(&x);
	out_label_line(b, labels[3], j->customer, labw);
	if (j->serial) {
		out_label_line(b, labels[4], j->serial, labw);
		out_label_line(b, labels[5], j->model, labw);
	}
	if (j->kind == IK_COMMISSION) {
		out_label_line(b, labels[6], j->arrived_on, labw);
		out_label_line(b, labels[7], j->due_on, labw);
	}
	out_label_line(b, labels[8], j->planned_on, labw);
	if (j->kind == IK_TRAINING) {
		snprintf(t, sizeof t, "%d", j->days);
		out_label_line(b, labels[9], t, labw);
	}
	out_label_line(b, labels[10], j->engineer, labw);
	if (j->kind == IK_COMMISSION) {
		out_label_line(b, labels[11], j->done_on, labw);
		out_label_line(b, labels[13], j->work, labw);
	} else {
		if (j->done_on[0])
			buf_printf(&x, _("%s to %s (%d days)"), j->done_on, j->done_to, install_days_held(j));
		out_label_line(b, labels[12], buf_str(&x), labw);
		buf_reset(&x);
		out_label_line(b, labels[14], j->work, labw);
		out_label_line(b, labels[15], j->attendees, labw);
		if (j->attendee_count > 0) {
			snprintf(t, sizeof t, "%d", j->attendee_count);
			out_label_line(b, labels[16], t, labw);
		}
	}
	if (j->signed_by) {
		out_label_line(b, labels[17], j->signed_by, labw);
		out_label_line(b, labels[18], j->signed_on, labw);
	}
	if (j->cancel_reason)
		out_label_line(b, labels[19], j->cancel_reason, labw);
	buf_printf(&x, "%s %s", j->created_at, j->created_by ? j->created_by : "");
	out_label_line(b, labels[20], buf_str(&x), labw);
	snprintf(t, sizeof t, "%d", j->version);
	out_label_line(b, labels[21], t, labw);
	buf_free(&x);
}

static void
job_json(buf *b, const sd_install *j)
{
	sd_json s;

	json_start(&s, b);
	json_obj(&s);
	json_kint(&s, "id", j->id);
	json_kstr(&s, "kind", install_kind_code(j->kind));
	json_kstr(&s, "status", install_status_code(j->status));
	json_kbool(&s, "overdue", j->overdue);
	json_kstr(&s, "customer", j->customer);
	json_kstr(&s, "serial", j->serial);
	json_kstr(&s, "model", j->model);
	json_kstr(&s, "arrived_on", j->arrived_on[0] ? j->arrived_on : NULL);
	json_kstr(&s, "due_on", j->due_on[0] ? j->due_on : NULL);
	json_kstr(&s, "planned_on", j->planned_on);
	json_kint(&s, "days", j->days);
	json_kstr(&s, "engineer", j->engineer);
	json_kstr(&s, "done_on", j->done_on[0] ? j->done_on : NULL);
	json_kstr(&s, "done_to", j->done_to[0] ? j->done_to : NULL);
	json_kstr(&s, "work", j->work);
	json_kstr(&s, "attendees", j->attendees);
	json_key(&s, "attendee_count");
	if (j->attendee_count > 0)
		json_int(&s, j->attendee_count);
	else
		json_null(&s);
	json_kstr(&s, "signed_by", j->signed_by);
	json_kstr(&s, "signed_on", j->signed_on[0] ? j->signed_on : NULL);
	json_kstr(&s, "cancel_reason", j->cancel_reason);
	json_kstr(&s, "created_at", j->created_at);
	json_kstr(&s, "created_by", j->created_by);
	json_kint(&s, "version", j->version);
	json_end(&s);
	buf_putc(b, '\n');
}

static int
ins_show(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		OPT_END
	};
	char cmd[32];
	int fmt = FMT_TEXT;
	long long id = 0;
	buf b = { 0 };
	sd_install j;
	cli_args a;
	int rc;

	cmd_name(cmd, kind, "show");
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(kind == IK_COMMISSION ? _(
"Usage: servdesk install show ID [--format text|json]\n"
"Show one commissioning: the machine, its arrival and due day, the engineer,\n"
"the checks made, who signed for the customer and when, and its version.\n") : _(
"Usage: servdesk training show ID [--format text|json]\n"
"Show one training: the days planned and held, the trainer, the topics, the\n"
"attendees, who signed for the customer and when, and its version.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one record number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK && cli_opt_has(&a, OPT_FORMAT))
		rc = cli_parse_format(cmd, cli_opt_get(&a, OPT_FORMAT),
		                      (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&j, 0, sizeof j);
	if ((rc = open_for(c, cmd, -1)) != SD_OK || (rc = check_kind(c, id, kind)) != SD_OK)
		goto out;
	if (install_get(c->st, id, &j, &c->err) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (fmt == FMT_JSON) {
		job_json(&b, &j);
		rc = cli_finish_output(c, out_raw(stdout, buf_str(&b), b.len));
	} else {
		job_text(&b, &j);
		rc = cli_finish_output(c, out_write(stdout, buf_str(&b), b.len));
	}
out:
	buf_free(&b);
	install_free(&j);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- done, sign, cancel */

static int
ins_done(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "on", 0, true, false, OPT_ON },
		{ "from", 0, true, false, OPT_ON },
		{ "to", 0, true, false, OPT_TO },
		{ "engineer", 0, true, false, OPT_ENGINEER },
		{ "trainer", 0, true, false, OPT_ENGINEER },
		{ "checks", 0, true, false, OPT_CHECKS },
		{ "topics", 0, true, false, OPT_TOPICS },
		{ "attendees", 0, true, false, OPT_ATTENDEES },
		{ "count", 0, true, false, OPT_COUNT },
		{ "version", 0, true, false, OPT_VERSION },
		OPT_END
	};
	char cmd[32];
	sd_install_done d;
	long long id = 0;
	const char *v;
	int version = -1;
	cli_args a;
	int rc;

	cmd_name(cmd, kind, "done");
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		if (kind == IK_COMMISSION)
			return cli_print_help(_(
"Usage: servdesk install done ID --checks TEXT [--on YYYY-MM-DD]\n"
"         [--engineer LOGIN] [--version N]\n"
"Record a planned commissioning as done. The day becomes the machine's\n"
"commissioning date, from which its warranty runs.\n"
"\n"
"  --checks     what was installed, checked and tested (required)\n"
"  --on         the day commissioned (default: today)\n"
"  --engineer   who did it (default: the engineer planned, else you)\n"
"  --version    the version you last saw: refused if changed meanwhile\n"));
		return cli_print_help(_(
"Usage: servdesk training done ID --topics TEXT --attendees NAMES\n"
"         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--count N]\n"
"         [--trainer LOGIN] [--version N]\n"
"Record a planned training as held.\n"
"\n"
"  --topics     what was taught (required)\n"
"  --attendees  the attendees' names, separated by 、 or commas (required)\n"
"  --count      the number of attendees (default: the names counted)\n"
"  --from       the first day (default: today)\n"
"  --to         the last day (default: the days planned from the first)\n"
"  --trainer    who trained (default: the trainer planned, else you)\n"
"  --version    the version you last saw: refused if changed meanwhile\n"));
	}
	memset(&d, 0, sizeof d);
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one record number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK)
		rc = opt_version(cmd, &a, &version);
	if (rc == SD_OK && kind == IK_COMMISSION && !cli_opt_has(&a, OPT_CHECKS))
		rc = cli_need_opt(cmd, "checks");
	if (rc == SD_OK && kind == IK_TRAINING && !cli_opt_has(&a, OPT_TOPICS))
		rc = cli_need_opt(cmd, "topics");
	if (rc == SD_OK && kind == IK_TRAINING && !cli_opt_has(&a, OPT_ATTENDEES))
		rc = cli_need_opt(cmd, "attendees");
	if (rc == SD_OK && kind == IK_TRAINING && (v = cli_opt_get(&a, OPT_COUNT)))
		rc = parse_int(cmd, "count", v, &d.attendee_count);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	d.done_on = cli_opt_get(&a, OPT_ON);
	d.done_to = kind == IK_TRAINING ? cli_opt_get(&a, OPT_TO) : NULL;
	d.engineer = cli_opt_get(&a, OPT_ENGINEER);
	d.work = kind == IK_COMMISSION ? cli_opt_get(&a, OPT_CHECKS) : cli_opt_get(&a, OPT_TOPICS);
	d.attendees = kind == IK_TRAINING ? cli_opt_get(&a, OPT_ATTENDEES) : NULL;
	if ((rc = open_for(c, cmd, IOP_WORK)) == SD_OK && (rc = check_kind(c, id, kind)) == SD_OK &&
	    install_done(c->st, id, version, &d, &c->err) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
ins_sign(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "by", 0, true, false, OPT_BY },
		{ "on", 0, true, false, OPT_ON },
		{ "version", 0, true, false, OPT_VERSION },
		OPT_END
	};
	char cmd[32];
	long long id = 0;
	int version = -1;
	cli_args a;
	int rc;

	cmd_name(cmd, kind, "sign");
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(kind == IK_COMMISSION ? _(
"Usage: servdesk install sign ID --by NAME [--on YYYY-MM-DD] [--version N]\n"
"Both sides signed the commissioning record (双方签字): the engineer who did\n"
"it and, for the customer, NAME. Only a commissioning recorded as done can be\n"
"signed.\n"
"\n"
"  --by        who signed for the customer (required)\n"
"  --on        the day signed (default: today)\n"
"  --version   the version you last saw: refused if changed meanwhile\n") : _(
"Usage: servdesk training sign ID --by NAME [--on YYYY-MM-DD] [--version N]\n"
"Both sides signed the training record (双方签字): the trainer and, for the\n"
"customer, NAME. Only a training recorded as held can be signed.\n"
"\n"
"  --by        who signed for the customer (required)\n"
"  --on        the day signed (default: today)\n"
"  --version   the version you last saw: refused if changed meanwhile\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one record number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK && (rc = opt_version(cmd, &a, &version)) == SD_OK &&
	         !cli_opt_has(&a, OPT_BY))
		rc = cli_need_opt(cmd, "by");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_for(c, cmd, IOP_WORK)) == SD_OK && (rc = check_kind(c, id, kind)) == SD_OK &&
	    install_sign(c->st, id, version, cli_opt_get(&a, OPT_BY), cli_opt_get(&a, OPT_ON), &c->err) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
ins_cancel(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "reason", 0, true, false, OPT_REASON },
		{ "version", 0, true, false, OPT_VERSION },
		OPT_END
	};
	char cmd[32];
	long long id = 0;
	int version = -1;
	cli_args a;
	int rc;

	cmd_name(cmd, kind, "cancel");
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(kind == IK_COMMISSION ? _(
"Usage: servdesk install cancel ID --reason TEXT [--version N]\n"
"Cancel a planned commissioning; the reason is required. The machine may then\n"
"be planned again.\n") : _(
"Usage: servdesk training cancel ID --reason TEXT [--version N]\n"
"Cancel a planned training; the reason is required.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one record number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK && (rc = opt_version(cmd, &a, &version)) == SD_OK &&
	         !cli_opt_has(&a, OPT_REASON))
		rc = cli_need_opt(cmd, "reason");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = open_for(c, cmd, IOP_PLAN)) == SD_OK && (rc = check_kind(c, id, kind)) == SD_OK &&
	    install_cancel(c->st, id, version, cli_opt_get(&a, OPT_REASON), &c->err) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- form */

static int
ins_form(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		OPT_END
	};
	char cmd[32];
	cli_docout d;
	sd_doc *doc = NULL;
	long long id = 0;
	cli_args a;
	int rc;

	cmd_name(cmd, kind, "form");
	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(kind == IK_COMMISSION ? _(
"Usage: servdesk install form ID [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The installation and commissioning record (安装调试记录) with the two\n"
"signature lines, the engineer's and the customer's, filled in once signed.\n"
"\n"
"  --format     text (default), csv, json, xlsx or pdf (xlsx and pdf only\n"
"               with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE\n"
"  --print      send it to the print command (the setting print_command)\n") : _(
"Usage: servdesk training form ID [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The training record (培训记录) with the two signature lines, the trainer's\n"
"and the customer's, filled in once signed.\n"
"\n"
"  --format     text (default), csv, json, xlsx or pdf (xlsx and pdf only\n"
"               with -o FILE or --print)\n"
"  --encoding   utf-8 (default) or gb18030, for text and csv\n"
"  --width      80 (default) or 132 columns (text)\n"
"  -o FILE      write to FILE\n"
"  --print      send it to the print command (the setting print_command)\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one record number expected"));
	else if ((rc = parse_id(cmd, a.pos[0], &id)) == SD_OK)
		rc = cli_docout_parse(cmd, cli_opt_get(&a, OPT_FORMAT), cli_opt_get(&a, OPT_ENCODING),
		                      cli_opt_get(&a, OPT_WIDTH), cli_opt_get(&a, OPT_OUTPUT),
		                      cli_opt_has(&a, OPT_PRINT), &d);
	if (rc == SD_OK) {
		if ((rc = open_for(c, cmd, -1)) != SD_OK || (rc = check_kind(c, id, kind)) != SD_OK)
			;
		else if (install_form(c->st, id, &doc, &c->err) != SD_OK)
			rc = cli_fail(c);
		else {
			d.o.page_lines = (int)store_setting_int(c->st, "report_page_lines", REPORT_PAGE_LINES);
			if (d.o.page_lines < 20)
				d.o.page_lines = 20;
			rc = cli_docout_write(c, &d, doc);
			if (rc != SD_OK)
				rc = c->err.status ? cli_fail(c) : rc;
		}
	}
	doc_free(doc);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- dispatch */

static int
dispatch(cli *c, int kind, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, int, char **, char **);
	} subs[] = {
		{ "add", ins_add }, { "list", ins_list }, { "show", ins_show }, { "done", ins_done },
		{ "sign", ins_sign }, { "cancel", ins_cancel }, { "form", ins_form },
	};
	const char *name = kind == IK_COMMISSION ? "install" : "training";

	if (argc < 1)
		return cli_usage(name, _("a subcommand is required (%s)"),
		                 "add, list, show, done, sign, cancel, form");
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, kind, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(kind == IK_COMMISSION ? _(
"Usage: servdesk install add|list|show|done|sign|cancel|form ...\n"
"Installation and commissioning (安装调试) of the machines delivered.\n"
"\n"
"  add      plan the commissioning of a machine\n"
"  list     open commissionings, all, or the machines overdue (逾期)\n"
"  show     one commissioning\n"
"  done     record it done: the machine's commissioning date\n"
"  sign     both sides signed it (双方签字)\n"
"  cancel   cancel a planned commissioning, with a reason\n"
"  form     the commissioning record to print\n"
"\n"
"'servdesk install SUBCOMMAND --help' describes each subcommand.\n") : _(
"Usage: servdesk training add|list|show|done|sign|cancel|form ...\n"
"Training (培训) of the customers' staff.\n"
"\n"
"  add      plan a training\n"
"  list     open trainings or all\n"
"  show     one training\n"
"  done     record it held: days, topics, attendees (学员)\n"
"  sign     both sides signed it (双方签字)\n"
"  cancel   cancel a planned training, with a reason\n"
"  form     the training record to print\n"
"\n"
"'servdesk training SUBCOMMAND --help' describes each subcommand.\n"));
	if (!argv[0])
		return cli_usage(name, "%s", _("invalid argument"));
	return cli_usage(name, _("unknown subcommand '%s'"), argv[0]);
}

int
cli_install(cli *c, int argc, char **argv, char **raw)
{
	return dispatch(c, IK_COMMISSION, argc, argv, raw);
}

int
cli_training(cli *c, int argc, char **argv, char **raw)
{
	return dispatch(c, IK_TRAINING, argc, argv, raw);
}
