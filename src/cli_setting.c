/*
 * cli_setting.c — servdesk setting list|set|unset: the site settings, each
 * known and checked by the core (setting.h), changed by a supervisor.
 */
#include "config.h"

#include <string.h>

#include "cli.h"
#include "cli_list.h"
#include "csv.h"
#include "out.h"
#include "setting.h"

enum { OPT_FORMAT = 1 };

static int
setting_row(const sd_setting_def *d, const char *value, void *arg)
{
	cli_list *o = arg;

	if (o->fmt == FMT_TABLE) {
		const char *cells[4] = { d->key, value ? value : "-", setting_default_text(d), _(d->about) };
		out_table_add(o->table, cells);
	} else if (o->fmt == FMT_CSV) {
		const char *cells[4] = { d->key, value ? value : "", d->dflt ? d->dflt : "", _(d->about) };
		csv_put_record(&o->b, cells, 4);
	} else {
		json_obj(&o->j);
		json_kstr(&o->j, "key", d->key);
		json_kstr(&o->j, "value", value);
		json_kstr(&o->j, "default", d->dflt);
		json_kstr(&o->j, "about", _(d->about));
		json_end(&o->j);
	}
	o->n++;
	return 0;
}

static int
setting_list(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	static const char *const csv_heads[4] = { "key", "value", "default", "about" };
	cli_list o = { 0 };
	out_table *t = NULL;
	cli_args a;
	int rc;

	if ((rc = cli_parse("setting list", opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk setting list [--format table|csv|json]\n"
"List the site settings: key, value (- where unset), default, what it does.\n"));
	}
	o.fmt = FMT_TABLE;
	if (cli_opt_has(&a, OPT_FORMAT) &&
	    (rc = cli_parse_format("setting list", cli_opt_get(&a, OPT_FORMAT), 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	cli_args_free(&a);
	if ((rc = cli_open(c, false)) != SD_OK)
		return cli_fail(c);
	if (o.fmt == FMT_TABLE) {
		const char *heads[4] = { _("Setting"), _("Value"), _("Default"), _("What it does") };
		static const int caps[4] = { 28, 30, 24, 0 };
		t = out_table_new(4, heads, caps);
	}
	cli_list_begin(&o, t, csv_heads, 4);
	rc = setting_each(c->st, setting_row, &o, &c->err);
	return cli_list_end(c, &o, rc);
}

static int
setting_modify(cli *c, bool set, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { NULL, 0, false, false, 0 } };
	const char *cmd = set ? "setting set" : "setting unset";
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, set ? "tt" : "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(set ? _(
"Usage: servdesk setting set KEY VALUE\n"
"Set a site setting (servdesk setting list shows them). The value is checked;\n"
"only a supervisor may change settings, and every change is audited.\n")
		                          : _(
"Usage: servdesk setting unset KEY\n"
"Remove a site setting's value: its default is then in force. Only a\n"
"supervisor may change settings, and every change is audited.\n"));
	}
	if (a.npos != (set ? 2 : 1)) {
		cli_args_free(&a);
		return cli_usage(cmd, "%s", set ? _("KEY and VALUE expected") : _("one KEY expected"));
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = set ? setting_set(c->st, a.pos[0], a.pos[1], &c->err)
	              : setting_unset(c->st, a.pos[0], &c->err)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	cli_args_free(&a);
	return SD_OK;
}

int
cli_setting(cli *c, int argc, char **argv, char **raw)
{
	if (argc >= 1 && strcmp(raw[0], "list") == 0)
		return setting_list(c, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "set") == 0)
		return setting_modify(c, true, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "unset") == 0)
		return setting_modify(c, false, argc - 1, argv + 1, raw + 1);
	if (argc >= 1 && strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk setting list [--format table|csv|json]\n"
"       servdesk setting set KEY VALUE\n"
"       servdesk setting unset KEY\n"));
	if (argc < 1)
		return cli_usage("setting", "%s", _("a subcommand is required (list, set, unset)"));
	return cli_usage("setting", _("unknown subcommand '%s'"), argv[0] ? argv[0] : "?");
}
