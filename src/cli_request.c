/*
 * cli_request.c — the request commands: add, list, show, edit, hand, void.
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
#include "inbox.h"
#include "intake.h"
#include "json.h"
#include "out.h"
#include "staff.h"
#include "store.h"
#include "text.h"
#include "visit.h"

enum {
	OPT_CHANNEL = 1, OPT_CUSTOMER, OPT_REQUESTER, OPT_PHONE, OPT_ITEM,
	OPT_PRIORITY, OPT_SERIAL, OPT_FAX_PAGES, OPT_RECEIVED,
	OPT_MONTH, OPT_STATUS, OPT_SEARCH, OPT_FORMAT, OPT_TO, OPT_AT, OPT_REASON
};

#define FIELD_OPTS \
	{ "channel", 0, true, false, OPT_CHANNEL }, \
	{ "customer", 0, true, false, OPT_CUSTOMER }, \
	{ "requester", 0, true, false, OPT_REQUESTER }, \
	{ "phone", 0, true, false, OPT_PHONE }, \
	{ "item", 0, true, false, OPT_ITEM }, \
	{ "priority", 0, true, false, OPT_PRIORITY }, \
	{ "serial", 0, true, false, OPT_SERIAL }, \
	{ "fax-pages", 0, true, false, OPT_FAX_PAGES }, \
	{ "received", 0, true, false, OPT_RECEIVED }

static void
clear_items(sd_request *r)
{
	for (size_t i = 0; i < r->nitems; i++)
		free(r->items[i]);
	free(r->items);
	r->items = NULL;
	r->nitems = 0;
}

/*
 * Apply the field options of a (in the order given) to r. --item replaces
 * all items. Returns SD_OK or SD_USAGE (message printed).
 */
static int
apply_fields(const char *cmd, const cli_args *a, sd_request *r)
{
	bool items_cleared = false;

	for (int i = 0; i < a->nopt; i++) {
		const char *v = a->opt[i].val;
		char *end;
		long n;

		switch (a->opt[i].id) {
		case OPT_CHANNEL:
			if ((r->channel = intake_channel_parse(v)) < 0)
				return cli_usage(cmd, _("unknown channel '%s'"), v);
			break;
		case OPT_CUSTOMER:
			cli_set_text(&r->customer, v);
			break;
		case OPT_REQUESTER:
			cli_set_text(&r->requester, v);
			break;
		case OPT_PHONE:
			cli_set_text(&r->phone, v);
			break;
		case OPT_SERIAL:
			cli_set_text(&r->serial, v);
			break;
		case OPT_ITEM:
			if (!items_cleared) {
				clear_items(r);
				items_cleared = true;
			}
			intake_request_add_item(r, v);
			break;
		case OPT_PRIORITY:
			if ((r->priority = intake_priority_parse(v)) < 0)
				return cli_usage(cmd, _("invalid priority '%s' (expected P1 to P4)"), v);
			break;
		case OPT_FAX_PAGES:
			errno = 0;
			n = strtol(v, &end, 10);
			if (errno || end == v || *end || n < 0 || n > INT_MAX)
				return cli_usage(cmd, _("invalid page count '%s'"), v);
			r->fax_pages = (int)n;
			break;
		case OPT_RECEIVED:
			if (!intake_parse_time(v, r->received_at))
				return cli_usage(cmd, _("invalid time '%s' (expected YYYY-MM-DD HH:MM)"), v);
			break;
		default:
			break;
		}
	}
	return SD_OK;
}

const struct cli_opt *
cli_request_field_opts(void)
{
	static const struct cli_opt opts[] = { FIELD_OPTS, { NULL, 0, false, false, 0 } };

	return opts;
}

int
cli_request_fields(const char *cmd, const cli_args *a, sd_request *r)
{
	return apply_fields(cmd, a, r);
}

/* ---------------------------------------------------------------- add */

static int
req_add(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { FIELD_OPTS, { NULL, 0, false, false, 0 } };
	static const struct { int id; const char *name; } required[] = {
		{ OPT_CHANNEL, "channel" }, { OPT_CUSTOMER, "customer" },
		{ OPT_REQUESTER, "requester" }, { OPT_PHONE, "phone" }, { OPT_ITEM, "item" }
	};
	const char *cmd = "request add";
	sd_request r;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request add --channel C --customer NAME --requester NAME\n"
"         --phone TEL --item TEXT [--item TEXT ...] [--priority P1..P4]\n"
"         [--serial SN] [--fax-pages N] [--received 'YYYY-MM-DD HH:MM']\n"
"Register an incoming request and print its register number.\n"
"\n"
"  --channel    fax, phone, letter, email or visit\n"
"  --customer   the customer's organisation\n"
"  --requester  name of the person who raised it\n"
"  --phone      that person's phone\n"
"  --item       a maintenance item, described in detail (repeatable)\n"
"  --priority   P1 stopped, P2 degraded, P3 errors reported, P4 question\n"
"               (default P3)\n"
"  --serial     equipment serial number\n"
"  --fax-pages  number of fax pages (fax only)\n"
"  --received   time of receipt (default: now)\n"));
	}
	for (size_t i = 0; i < SD_ARRAY_LEN(required); i++)
		if (!cli_opt_has(&a, required[i].id)) {
			cli_args_free(&a);
			return cli_usage(cmd, _("option '--%s' is required"), required[i].name);
		}
	intake_request_init(&r);
	if ((rc = apply_fields(cmd, &a, &r)) != SD_OK)
		goto out;
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = intake_add(c->st, &r, false, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	rc = out_printf(stdout, "%s\n", r.regno);
	if (r.dup_of && *r.dup_of)
		out_warning(_("%s may be a duplicate of %s (same customer and equipment)"),
		            r.regno, r.dup_of);
	if (out_flush(stdout, _("standard output"), &c->err) != SD_OK)
		rc = cli_fail(c);
out:
	intake_request_free(&r);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- JSON, CSV */

static void
req_json(sd_json *j, const sd_request *r)
{
	json_obj(j);
	json_kstr(j, "regno", r->regno);
	json_kstr(j, "received_at", r->received_at);
	json_kstr(j, "channel", intake_channel_code(r->channel));
	json_key(j, "fax_pages");
	if (r->fax_pages > 0)
		json_int(j, r->fax_pages);
	else
		json_null(j);
	json_kstr(j, "customer", r->customer);
	json_kstr(j, "requester", r->requester);
	json_kstr(j, "phone", r->phone);
	json_kstr(j, "serial", r->serial);
	json_kint(j, "priority", r->priority);
	json_kstr(j, "received_by", r->received_by);
	json_kstr(j, "handed_to", r->handed_to);
	json_kstr(j, "handed_at", r->handed_at[0] ? r->handed_at : NULL);
	json_kstr(j, "status", intake_status_code(r->status));
	json_kstr(j, "void_reason", r->void_reason);
	json_kstr(j, "dup_of", r->dup_of && *r->dup_of ? r->dup_of : NULL);
	json_kint(j, "version", r->version);
	json_key(j, "visit_id");
	if (r->visit_id > 0)
		json_int(j, r->visit_id);
	else
		json_null(j);
	json_key(j, "items");
	json_arr(j);
	for (size_t i = 0; i < r->nitems; i++)
		json_str(j, r->items[i]);
	json_end(j);
	json_end(j);
}

static const char *const csv_heads[] = {
	"regno", "received_at", "channel", "fax_pages", "customer", "requester",
	"phone", "serial", "priority", "received_by", "handed_to", "handed_at",
	"status", "void_reason", "dup_of", "items"
};

static void
req_csv(buf *b, const sd_request *r)
{
	char pages[16] = "", prio[8];
	const char *cells[SD_ARRAY_LEN(csv_heads)];
	buf items = { 0 };

	if (r->fax_pages > 0)
		snprintf(pages, sizeof pages, "%d", r->fax_pages);
	snprintf(prio, sizeof prio, "P%d", r->priority);
	for (size_t i = 0; i < r->nitems; i++) {
		if (i)
			buf_putc(&items, '\n');
		buf_puts(&items, r->items[i]);
	}
	cells[0] = r->regno;
	cells[1] = r->received_at;
	cells[2] = intake_channel_code(r->channel);
	cells[3] = pages;
	cells[4] = r->customer ? r->customer : "";
	cells[5] = r->requester ? r->requester : "";
	cells[6] = r->phone ? r->phone : "";
	cells[7] = r->serial ? r->serial : "";
	cells[8] = prio;
	cells[9] = r->received_by ? r->received_by : "";
	cells[10] = r->handed_to ? r->handed_to : "";
	cells[11] = r->handed_at;
	cells[12] = intake_status_code(r->status);
	cells[13] = r->void_reason ? r->void_reason : "";
	cells[14] = r->dup_of ? r->dup_of : "";
	cells[15] = buf_str(&items);
	csv_put_record(b, cells, SD_ARRAY_LEN(cells));
	buf_free(&items);
}

/* ---------------------------------------------------------------- list */

static int
list_row(const sd_request *r, void *arg)
{
	cli_list *o = arg;

	if (o->fmt == FMT_TABLE) {
		char prio[8];
		const char *cells[10];

		snprintf(prio, sizeof prio, "P%d", r->priority);
		cells[0] = r->regno;
		cells[1] = r->received_at;
		cells[2] = intake_channel_name(r->channel);
		cells[3] = prio;
		cells[4] = intake_status_name(r->status);
		cells[5] = r->customer;
		cells[6] = r->requester;
		cells[7] = r->phone;
		cells[8] = r->handed_to;
		cells[9] = r->nitems ? r->items[0] : "";
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		req_csv(&o->b, r);
	} else {
		req_json(&o->j, r);
	}
	o->n++;
	return 0;
}

static int
req_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "month", 0, true, false, OPT_MONTH },
		{ "status", 0, true, false, OPT_STATUS },
		{ "channel", 0, true, false, OPT_CHANNEL },
		{ "search", 0, true, false, OPT_SEARCH },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "request list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_req_query q;
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request list [--month YYYY-MM] [--status S] [--channel C]\n"
"         [--search TEXT] [--format table|csv|json]\n"
"List the register in order of register number.\n"
"\n"
"  --month    requests numbered in this month\n"
"  --status   open, handed or void\n"
"  --channel  fax, phone, letter, email or visit\n"
"  --search   text in customer, requester, phone or items\n"
"  --format   table (default), csv or json\n"));
	}
	intake_query_init(&q);
	q.sort = SORT_REGNO;
	q.desc = false;
	o.fmt = FMT_TABLE;
	if ((v = cli_opt_get(&a, OPT_MONTH)) && !intake_parse_month(v, q.month))
		rc = cli_usage(cmd, _("invalid month '%s' (expected YYYY-MM)"), v);
	else if ((v = cli_opt_get(&a, OPT_STATUS)) && (q.status = intake_status_parse(v)) < 0)
		rc = cli_usage(cmd, _("unknown status '%s'"), v);
	else if ((v = cli_opt_get(&a, OPT_CHANNEL)) && (q.channel = intake_channel_parse(v)) < 0)
		rc = cli_usage(cmd, _("unknown channel '%s'"), v);
	else if ((v = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, v, 7, &o.fmt);
	q.search = cli_opt_get(&a, OPT_SEARCH);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		const char *heads[10] = {
			_("Reg. no."), _("Received"), _("Channel"), _("Pri."), _("Status"),
			_("Customer"), _("Requester"), _("Phone"), _("Handed to"), _("Item")
		};
		static const int caps[10] = { 0, 0, 12, 0, 10, 24, 12, 16, 12, 36 };
		t = out_table_new(10, heads, caps);
	}
	cli_list_begin(&o, t, csv_heads, SD_ARRAY_LEN(csv_heads));
	rc = intake_each(c->st, &q, list_row, &o, &c->err);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- show */

static void
req_text(buf *b, const sd_request *r, const char *origin)
{
	const char *labels[] = {
		_("Register number"), _("Received at"), _("Channel"), _("Fax pages"),
		_("Customer"), _("Requester"), _("Phone"), _("Serial number"),
		_("Priority"), _("Received by"), _("Handed to"), _("Handed at"),
		_("Status"), _("Void reason"), _("Likely duplicate of"), _("Items"),
		_("From visit")
	};
	char tmp[64];
	buf v = { 0 };
	int labw = 0;

	labw = out_label_width(labels, SD_ARRAY_LEN(labels));
	out_label_line(b, labels[0], r->regno, labw);
	out_label_line(b, labels[1], r->received_at, labw);
	out_label_line(b, labels[2], intake_channel_name(r->channel), labw);
	if (r->fax_pages > 0) {
		snprintf(tmp, sizeof tmp, "%d", r->fax_pages);
		out_label_line(b, labels[3], tmp, labw);
	}
	out_label_line(b, labels[4], r->customer, labw);
	out_label_line(b, labels[5], r->requester, labw);
	out_label_line(b, labels[6], r->phone, labw);
	if (r->serial)
		out_label_line(b, labels[7], r->serial, labw);
	/* the description begins with the priority's name ("P1: ...") */
	out_label_line(b, labels[8], intake_priority_desc(r->priority), labw);
	out_label_line(b, labels[9], r->received_by, labw);
	if (r->handed_to) {
		out_label_line(b, labels[10], r->handed_to, labw);
		out_label_line(b, labels[11], r->handed_at, labw);
	}
	out_label_line(b, labels[12], intake_status_name(r->status), labw);
	if (r->void_reason)
		out_label_line(b, labels[13], r->void_reason, labw);
	if (r->dup_of && *r->dup_of)
		out_label_line(b, labels[14], r->dup_of, labw);
	if (origin && *origin)
		out_label_line(b, labels[16], origin, labw);
	buf_reset(&v);
	for (size_t i = 0; i < r->nitems; i++) {
		char *clean = text_sanitize(r->items[i], true);

		if (i)
			buf_putc(&v, '\n');
		buf_printf(&v, "%zu. ", i + 1);
		/* indent an item's own continuation lines under its text */
		for (const char *p = clean; *p; p++) {
			buf_putc(&v, *p);
			if (*p == '\n')
				buf_puts(&v, "   ");
		}
		free(clean);
	}
	out_label_line(b, labels[15], buf_str(&v), labw);
	buf_free(&v);
}

/* The originals kept with the request, one line each: name, pages, size, hash. */
static int
req_attachments_text(cli *c, buf *b, const char *regno)
{
	sd_attachment *v;
	int n, rc;

	if ((rc = att_list(c->st, regno, &v, &n, &c->err)) != SD_OK || n == 0)
		return rc;
	buf_printf(b, "%s\n", _("Attachments (originals):"));
	for (int i = 0; i < n; i++) {
		char *name = text_sanitize(v[i].name, false);

		/* TRANSLATORS: number, file name, pages, size in bytes, type, SHA-256. */
		buf_printf(b, _("  %d. %s  %d page(s), %lld bytes, %s\n     SHA-256 %s\n"), i + 1, name,
		           v[i].pages, v[i].size, v[i].mime, v[i].hash);
		free(name);
	}
	att_array_free(v, n);
	return SD_OK;
}

/* The attachments as a JSON array appended to the request object just written (its closing brace reopened). */
static int
req_attachments_json(cli *c, buf *b, const char *regno)
{
	sd_attachment *v;
	sd_json j;
	buf a = { 0 };
	int n, rc;

	if ((rc = att_list(c->st, regno, &v, &n, &c->err)) != SD_OK)
		return rc;
	json_start(&j, &a);
	json_arr(&j);
	for (int i = 0; i < n; i++) {
		json_obj(&j);
		json_kstr(&j, "name", v[i].name);
		json_kstr(&j, "mime", v[i].mime);
		json_kint(&j, "pages", v[i].pages);
		json_kint(&j, "size", v[i].size);
		json_kstr(&j, "sha256", v[i].hash);
		json_kstr(&j, "added_by", v[i].added_by);
		json_kstr(&j, "added_at", v[i].added_at);
		json_end(&j);
	}
	json_end(&j);
	/* the request object ends with '}': put the array in before it */
	if (b->len && b->data[b->len - 1] == '}') {
		b->len--;
		buf_puts(b, ",\"attachments\":");
		buf_append(b, a.data ? a.data : "", a.len);
		buf_putc(b, '}');
	}
	buf_free(&a);
	att_array_free(v, n);
	return SD_OK;
}

static int
req_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "request show";
	sd_request r;
	int fmt = FMT_TEXT;
	buf b = { 0 };
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request show REGNO [--format text|json]\n"
"Show one request of the register.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if (cli_opt_has(&a, OPT_FORMAT))
		rc = cli_parse_format(cmd, cli_opt_get(&a, OPT_FORMAT),
		                  (1u << FMT_TEXT) | (1u << FMT_JSON), &fmt);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	intake_request_init(&r);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = intake_get(c->st, a.pos[0], &r, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if (fmt == FMT_JSON) {
		sd_json j;

		json_start(&j, &b);
		req_json(&j, &r);
		if ((rc = req_attachments_json(c, &b, r.regno)) != SD_OK) {
			rc = cli_fail(c);
			goto out;
		}
		buf_putc(&b, '\n');
		rc = out_raw(stdout, buf_str(&b), b.len);
	} else {
		char origin[160] = "";

		if (r.visit_id > 0 && !visit_origin(c->st, r.visit_id, origin, sizeof origin))
			snprintf(origin, sizeof origin, "%lld", r.visit_id);
		req_text(&b, &r, origin);
		if ((rc = req_attachments_text(c, &b, r.regno)) == SD_OK)
			rc = out_write(stdout, buf_str(&b), b.len);
		else
			rc = cli_fail(c);
	}
	rc = cli_finish_output(c, rc);
out:
	buf_free(&b);
	intake_request_free(&r);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- edit */

static int
req_edit(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { FIELD_OPTS, { NULL, 0, false, false, 0 } };
	const char *cmd = "request edit";
	sd_request r, cur;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request edit REGNO [--channel C] [--customer NAME]\n"
"         [--requester NAME] [--phone TEL] [--item TEXT ...] [--priority P1..P4]\n"
"         [--serial SN] [--fax-pages N] [--received 'YYYY-MM-DD HH:MM']\n"
"Change the fields given; --item replaces all items. An empty --serial\n"
"clears the serial number. The register number never changes.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if (a.nopt == 0)
		rc = cli_usage(cmd, "%s", _("nothing to change"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	intake_request_init(&r);
	intake_request_init(&cur);
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = cli_require(c, ACT_REQUEST_EDIT, cmd)) != SD_OK ||
	    (rc = intake_get(c->st, a.pos[0], &r, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	if ((rc = apply_fields(cmd, &a, &r)) != SD_OK)
		goto out;
	if ((rc = intake_update(c->st, &r, &cur, &c->err)) != SD_OK)
		rc = cli_fail(c);
out:
	intake_request_free(&r);
	intake_request_free(&cur);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- hand, void */

static int
req_hand(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "to", 0, true, false, OPT_TO },
		{ "at", 0, true, false, OPT_AT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "request hand";
	char at[17] = "";
	const char *v;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request hand REGNO --to LOGIN [--at 'YYYY-MM-DD HH:MM']\n"
"Hand a request to the technical department: LOGIN is the member of staff\n"
"who signs for it; --at is when (default: now).\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if (!cli_opt_has(&a, OPT_TO))
		rc = cli_usage(cmd, _("option '--%s' is required"), "to");
	else if ((v = cli_opt_get(&a, OPT_AT)) && !intake_parse_time(v, at))
		rc = cli_usage(cmd, _("invalid time '%s' (expected YYYY-MM-DD HH:MM)"), v);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = intake_hand(c->st, a.pos[0], cli_opt_get(&a, OPT_TO), at, -1,
	                      &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
req_void(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "reason", 0, true, false, OPT_REASON },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "request void";
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request void REGNO --reason TEXT\n"
"Void a request. It keeps its number and shows as void.\n"
"Only an operator or a supervisor may void.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one register number expected"));
	else if (!cli_opt_has(&a, OPT_REASON))
		rc = cli_usage(cmd, _("option '--%s' is required"), "reason");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = intake_void(c->st, a.pos[0], cli_opt_get(&a, OPT_REASON), -1,
	                      &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- attach */

static int
req_attach(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { NULL, 0, false, false, 0 } };
	const char *cmd = "request attach";
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "tp", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk request attach REGNO FILE\n"
"Keep a copy of FILE (a TIFF, PDF, PNG or JPEG original: a fax, a letter,\n"
"a scan) with the request. The file itself is left where it is.\n"));
	}
	if (a.npos != 2)
		rc = cli_usage(cmd, "%s", _("a register number and a file expected"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = att_attach(c->st, a.pos[0], a.pos[1], &c->err)) != SD_OK)
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

/* ---------------------------------------------------------------- dispatch */

int
cli_request(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "add", req_add }, { "list", req_list }, { "show", req_show },
		{ "edit", req_edit }, { "hand", req_hand }, { "void", req_void },
		{ "attach", req_attach },
	};

	if (argc < 1)
		return cli_usage("request", "%s",
		                 _("a subcommand is required (add, list, show, edit, hand, void, attach)"));
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk request add|list|show|edit|hand|void|attach ...\n"
"The request intake register. 'servdesk request SUBCOMMAND --help' describes\n"
"each subcommand.\n"));
	if (!argv[0])
		return cli_usage("request", "%s", _("invalid argument"));
	return cli_usage("request", _("unknown subcommand '%s'"), argv[0]);
}
