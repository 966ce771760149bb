/*
 * cli_inbox.c — the fax inbox on the command line: list (after a scan of the
 * inbox directories), register an item as a request, discard an item.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "common.h"
#include "csv.h"
#include "inbox.h"
#include "json.h"
#include "out.h"
#include "text.h"

enum { OPT_STATE = 100, OPT_ALL, OPT_FORMAT, OPT_REASON };

static const char *const csv_heads[] = {
	"id", "arrived_at", "pages", "sender", "name", "mime", "size", "state", "regno", "reason", "sha256", "path"
};

static void
item_row(cli_list *o, const sd_inbox_item *it)
{
	char id[24], pages[16], size[24];

	snprintf(id, sizeof id, "%lld", it->id);
	if (it->pages > 0)
		snprintf(pages, sizeof pages, "%d", it->pages);
	else
		pages[0] = '\0';
	snprintf(size, sizeof size, "%lld", it->size);
	if (o->fmt == FMT_TABLE) {
		const char *cells[7] = {
			id, it->arrived_at, pages, it->sender ? it->sender : "", inbox_state_name(it->state),
			it->regno[0] ? it->regno : (it->reason ? it->reason : ""), it->name
		};
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[SD_ARRAY_LEN(csv_heads)] = {
			id, it->arrived_at, pages, it->sender ? it->sender : "", it->name, it->mime, size,
			inbox_state_code(it->state), it->regno, it->reason ? it->reason : "", it->hash, it->path
		};
		csv_put_record(&o->b, cells, SD_ARRAY_LEN(cells));
	} else {
		json_obj(&o->j);
		json_kint(&o->j, "id", it->id);
		json_kstr(&o->j, "arrived_at", it->arrived_at);
		json_key(&o->j, "pages");
		if (it->pages > 0)
			json_int(&o->j, it->pages);
		else
			json_null(&o->j);
		json_kstr(&o->j, "sender", it->sender);
		json_kstr(&o->j, "name", it->name);
		json_kstr(&o->j, "mime", it->mime);
		json_kint(&o->j, "size", it->size);
		json_kstr(&o->j, "state", inbox_state_code(it->state));
		json_kstr(&o->j, "regno", it->regno[0] ? it->regno : NULL);
		json_kstr(&o->j, "reason", it->reason);
		json_kstr(&o->j, "sha256", it->hash);
		json_kstr(&o->j, "path", it->path);
		json_end(&o->j);
	}
	o->n++;
}

static int
ib_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "state", 0, true, false, OPT_STATE },
		{ "all", 0, false, false, OPT_ALL },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "inbox list";
	cli_list o = { 0 };
	out_table *t = NULL;
	sd_inbox_item *v = NULL;
	int n = 0, state = IB_NEW, rc;
	const char *s;
	cli_args a;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk inbox list [--state new|registered|discarded | --all]\n"
"         [--format table|csv|json]\n"
"Look in the inbox directories (the setting inbox_dir) for received faxes\n"
"and scanned letters, then list the items waiting to be registered (or\n"
"those in the state given, or all), oldest first.\n"));
	}
	o.fmt = FMT_TABLE;
	if ((s = cli_opt_get(&a, OPT_STATE)) && (state = inbox_state_parse(s)) < 0)
		rc = cli_usage(cmd, _("unknown state '%s'"), s);
	else if ((s = cli_opt_get(&a, OPT_FORMAT)))
		rc = cli_parse_format(cmd, s, 7, &o.fmt);
	if (cli_opt_has(&a, OPT_ALL))
		state = -1;
	cli_args_free(&a);
	if (rc != SD_OK)
		return rc;
	if ((rc = cli_open(c, false)) != SD_OK || (rc = inbox_scan(c->st, NULL, &c->err)) != SD_OK ||
	    (rc = inbox_list(c->st, state, &v, &n, &c->err)) != SD_OK)
		return cli_fail(c);
	if (o.fmt == FMT_TABLE) {
		const char *heads[7] = {
			_("No."), _("Arrival"), _("Pages"), _("Sender"), _("State"), _("Request / reason"), _("File")
		};
		static const int caps[7] = { 0, 0, 0, 24, 0, 30, 30 };
		t = out_table_new(7, heads, caps);
	}
	cli_list_begin(&o, t, csv_heads, SD_ARRAY_LEN(csv_heads));
	for (int i = 0; i < n; i++)
		item_row(&o, &v[i]);
	inbox_items_free(v, n);
	return cli_list_end(c, &o, SD_OK);
}

static int
ib_register(cli *c, int argc, char **argv, char **raw)
{
	const char *cmd = "inbox register";
	sd_inbox_item it;
	sd_request r;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, cli_request_field_opts(), "p", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk inbox register ITEM --customer NAME --requester NAME\n"
"         --phone TEL --item TEXT [--item TEXT ...] [--priority P1..P4]\n"
"         [--serial SN] [--channel C] [--fax-pages N] [--received TIME]\n"
"Register an inbox item (its number, or its file) as a request and keep the\n"
"original with it; print the register number. The channel is fax, the pages\n"
"and the time of receipt are the item's unless given. The file leaves the\n"
"inbox directory once the request is saved.\n"));
	}
	if (a.npos != 1) {
		cli_args_free(&a);
		return cli_usage(cmd, "%s", _("one inbox item expected (its number or its file)"));
	}
	memset(&it, 0, sizeof it);
	intake_request_init(&r);
	if ((rc = cli_open(c, false)) != SD_OK || (rc = inbox_scan(c->st, NULL, &c->err)) != SD_OK ||
	    (rc = inbox_find(c->st, a.pos[0], &it, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	inbox_prefill(&it, &r);
	if ((rc = cli_request_fields(cmd, &a, &r)) != SD_OK)
		goto out;
	if ((rc = inbox_register(c->st, it.id, &r, &c->err)) != SD_OK) {
		rc = cli_fail(c);
		goto out;
	}
	rc = out_printf(stdout, "%s\n", r.regno);
	if (r.dup_of && *r.dup_of)
		out_warning(_("%s may be a duplicate of %s (same customer and equipment)"), r.regno, r.dup_of);
	rc = cli_finish_output(c, rc);
out:
	inbox_item_free(&it);
	intake_request_free(&r);
	cli_args_free(&a);
	return rc;
}

static int
ib_discard(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "reason", 0, true, false, OPT_REASON },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "inbox discard";
	sd_inbox_item it;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "p", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk inbox discard ITEM --reason TEXT\n"
"Discard an inbox item (an advertisement, a blank page, a fax sent twice):\n"
"it leaves the inbox; the original is kept, with the reason.\n"
"Only an operator or a supervisor may discard.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one inbox item expected (its number or its file)"));
	else if (!cli_opt_has(&a, OPT_REASON))
		rc = cli_need_opt(cmd, "reason");
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	memset(&it, 0, sizeof it);
	if ((rc = cli_open(c, false)) != SD_OK || (rc = inbox_scan(c->st, NULL, &c->err)) != SD_OK ||
	    (rc = inbox_find(c->st, a.pos[0], &it, &c->err)) != SD_OK ||
	    (rc = inbox_discard(c->st, it.id, cli_opt_get(&a, OPT_REASON), &c->err)) != SD_OK)
		rc = cli_fail(c);
	inbox_item_free(&it);
	cli_args_free(&a);
	return rc;
}

int
cli_inbox(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "list", ib_list }, { "register", ib_register }, { "discard", ib_discard },
	};

	if (argc < 1)
		return cli_usage("inbox", "%s", _("a subcommand is required (list, register, discard)"));
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk inbox list|register|discard ...\n"
"The fax inbox: received faxes and scanned letters waiting to be registered.\n"
"'servdesk inbox SUBCOMMAND --help' describes each subcommand.\n"));
	if (!argv[0])
		return cli_usage("inbox", "%s", _("invalid argument"));
	return cli_usage("inbox", _("unknown subcommand '%s'"), argv[0]);
}
