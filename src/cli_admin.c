/*
 * cli_admin.c — the commands that look after the shared database: audit
 * (the audit trail, filtered, newest first), backup, restore, and staff edit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit_words.h"
#include "inbox.h"
#include "buf.h"
#include "cli.h"
#include "cli_list.h"
#include "csv.h"
#include "out.h"
#include "staff.h"
#include "text.h"

/* ---------------------------------------------------------------- audit */

enum { OPT_SINCE = 1, OPT_UNTIL, OPT_USER, OPT_TABLE, OPT_RECORD, OPT_LIMIT, OPT_FORMAT };

/* A cell of the table format: text fitted to cells (padded). */
static void
cell(buf *b, const char *s, int cells)
{
	char *clean = text_sanitize(s ? s : "", false);
	char out[512];

	text_fit(out, sizeof out, clean, cells, true);
	buf_puts(b, out);
	buf_puts(b, "  ");
	free(clean);
}

/* The table format's words (audit_words.h): the store, and a buffer reused row after row. */
struct audit_words {
	store *st;
	buf words;
};

static int
audit_row(const sd_audit_row *r, void *arg)
{
	cli_list *o = arg;
	struct audit_words *aw = o->arg;

	if (o->fmt == FMT_TABLE) {
		char id[24];
		char *clean;

		snprintf(id, sizeof id, "%7lld  ", r->id);
		buf_puts(&o->b, id);
		cell(&o->b, r->at, 16);
		cell(&o->b, r->who, 12);
		cell(&o->b, r->record, 14);
		buf_reset(&aw->words);
		audit_words_action(r->table, r->action, &aw->words);
		cell(&o->b, buf_str(&aw->words), 24);
		buf_reset(&aw->words);
		if (audit_words_changes(aw->st, r->table, r->old_json, r->new_json, &aw->words, NULL) != SD_OK) {
			buf_reset(&aw->words);
			buf_puts(&aw->words, r->changes);
		}
		clean = text_sanitize(buf_str(&aw->words), false);
		buf_puts(&o->b, clean);
		free(clean);
		/* no trailing spaces */
		while (o->b.len > 0 && o->b.data[o->b.len - 1] == ' ')
			o->b.data[--o->b.len] = '\0';
		buf_putc(&o->b, '\n');
	} else if (o->fmt == FMT_CSV) {
		char id[24];
		const char *cells[8] = { id, r->at, r->who, r->table, r->record, r->action,
		                         r->old_json ? r->old_json : "", r->new_json ? r->new_json : "" };

		snprintf(id, sizeof id, "%lld", r->id);
		csv_put_record(&o->b, cells, 8);
	} else {
		json_obj(&o->j);
		json_kint(&o->j, "id", r->id);
		json_kstr(&o->j, "at", r->at);
		json_kstr(&o->j, "who", r->who);
		json_kstr(&o->j, "table", r->table);
		json_kstr(&o->j, "record", r->record);
		json_kstr(&o->j, "action", r->action);
		/* the values as JSON text (the audit stores JSON; anything else as a string) */
		json_kstr(&o->j, "old", r->old_json);
		json_kstr(&o->j, "new", r->new_json);
		json_end(&o->j);
	}
	o->n++;
	/* write as we go: a long listing never piles up in memory */
	if (o->b.len > 65536)
		return cli_list_flush(o);
	return 0;
}

int
cli_audit(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "since", 0, true, false, OPT_SINCE },
		{ "until", 0, true, false, OPT_UNTIL },
		{ "user", 0, true, false, OPT_USER },
		{ "table", 0, true, false, OPT_TABLE },
		{ "record", 0, true, false, OPT_RECORD },
		{ "limit", 0, true, false, OPT_LIMIT },
		{ "format", 0, true, false, OPT_FORMAT },
		{ NULL, 0, false, false, 0 }
	};
	static const char *const csv_heads[8] = { "id", "at", "who", "table", "record", "action",
	                                          "old", "new" };
	const char *cmd = "audit";
	struct audit_words aw = { 0 };
	cli_list o = { 0 };
	sd_audit_query q = { 0 };
	long limit = 100;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk audit [--since DATE] [--until DATE] [--user LOGIN]\n"
"                      [--table T] [--record KEY] [--limit N]\n"
"                      [--format table|csv|json]\n"
"List the changes recorded in the audit trail, newest first: who, when,\n"
"which record, what was done, and the values before and after (in the\n"
"table: with the forms' labels and the values as the desk shows them).\n"
"\n"
"  --since DATE    changes at or after DATE (YYYY-MM-DD or 'YYYY-MM-DD HH:MM')\n"
"  --until DATE    changes at or before DATE (a date: the whole day)\n"
"  --user LOGIN    changes made by LOGIN\n"
"  --table T       changes of table T (request, ledger, charge, payment,\n"
"                  complaint, customer, equipment, downtime, part,\n"
"                  stock_move, stocktake, stocktake_line, sla_policy,\n"
"                  setting, staff, database)\n"
"  --record KEY    changes of the record KEY (register number, part number,\n"
"                  login, customer name, ...)\n"
"  --limit N       at most N changes (default 100; 0: all)\n"
"  --format        table (default: the fields that changed), csv or json\n"
"                  (the old and new values in full)\n"));
	}
	o.fmt = FMT_TABLE;
	if (cli_opt_has(&a, OPT_FORMAT) &&
	    (rc = cli_parse_format(cmd, cli_opt_get(&a, OPT_FORMAT), 7, &o.fmt)) != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if (cli_opt_has(&a, OPT_LIMIT)) {
		const char *s = cli_opt_get(&a, OPT_LIMIT);
		char *end;

		limit = strtol(s, &end, 10);
		if (!*s || *end || limit < 0) {
			rc = cli_usage(cmd, _("invalid limit '%s' (a whole number, 0 for all)"), s);
			cli_args_free(&a);
			return rc;
		}
	}
	q.since = cli_opt_get(&a, OPT_SINCE);
	q.until = cli_opt_get(&a, OPT_UNTIL);
	q.user = cli_opt_get(&a, OPT_USER);
	q.table = cli_opt_get(&a, OPT_TABLE);
	q.record = cli_opt_get(&a, OPT_RECORD);
	if (q.since && !admin_audit_time_valid(q.since))
		rc = cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM')"), q.since);
	else if (q.until && !admin_audit_time_valid(q.until))
		rc = cli_usage(cmd, _("invalid date '%s' (expected YYYY-MM-DD or 'YYYY-MM-DD HH:MM')"), q.until);
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	if (o.fmt == FMT_TABLE) {
		buf_printf(&o.b, "%7s  ", _("No."));
		cell(&o.b, _("When"), 16);
		cell(&o.b, _("Who"), 12);
		cell(&o.b, C_("audit", "Record"), 14);
		cell(&o.b, _("Action"), 24);
		buf_puts(&o.b, _("Changes"));
		buf_putc(&o.b, '\n');
	}
	cli_list_begin(&o, NULL, csv_heads, SD_ARRAY_LEN(csv_heads));
	aw.st = c->st;
	o.arg = &aw;
	rc = admin_audit_each(c->st, &q, limit, audit_row, &o, NULL, &c->err);
	buf_free(&aw.words);
	cli_args_free(&a);
	return cli_list_end(c, &o, rc);
}

/* ---------------------------------------------------------------- backup, restore */

int
cli_backup(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { NULL, 0, false, false, 0 } };
	cli_args a;
	char *upath;
	bool is_dir = false;
	int rc;

	if ((rc = cli_parse("backup", opts, "p", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk backup FILE\n"
"Write a consistent copy of the database to FILE while others keep working.\n"
"The copy is written beside FILE and renamed into place when complete, and\n"
"is readable by owner and group only (mode 0640). The live database itself\n"
"is never overwritten. When originals (faxes, scans) are kept with the\n"
"requests, FILE is a directory: the database (servdesk.db) and the originals\n"
"(files/), each checked against its SHA-256.\n"));
	}
	if (a.npos != 1) {
		cli_args_free(&a);
		return cli_usage("backup", "%s", _("one FILE expected"));
	}
	if ((rc = cli_open(c, false)) != SD_OK) {
		cli_args_free(&a);
		return cli_fail(c);
	}
	rc = att_backup(c->st, a.pos[0], &is_dir, &c->err);
	upath = out_from_locale(a.pos[0]);
	cli_args_free(&a);
	if (rc != SD_OK) {
		free(upath);
		return cli_fail(c);
	}
	if (is_dir)
		out_note(_("backup written to the directory %s (the database and the originals)"), upath);
	else
		out_note(_("backup written to %s"), upath);
	free(upath);
	return SD_OK;
}

int
cli_restore(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { NULL, 0, false, false, 0 } };
	cli_args a;
	char *upath, *dbfile;
	long originals = 0;
	int rc, version = 0;

	if ((rc = cli_parse("restore", opts, "p", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk restore FILE\n"
"Replace the content of the database with the backup FILE (a file, or the\n"
"directory servdesk backup writes when originals are kept). The file is\n"
"checked first: it must be a servdesk database that passes SQLite's\n"
"integrity check and whose schema is not newer than this program; an older\n"
"one is brought up to date. Desks that are open see the restored data on\n"
"their next read. The restore is recorded in the audit trail.\n"
"Only a supervisor may restore; on a new machine, run servdesk init first.\n"));
	}
	if (a.npos != 1) {
		cli_args_free(&a);
		return cli_usage("restore", "%s", _("one FILE expected"));
	}
	/* the file first: a missing or foreign file is said as such, whoever asks */
	dbfile = att_backup_db(a.pos[0]);
	/* the originals go into the store before the database that names them */
	if ((rc = admin_restore_check(dbfile, &version, &c->err)) != SD_OK ||
	    (rc = cli_open(c, false)) != SD_OK ||
	    (rc = att_restore_files(c->st, a.pos[0], &originals, &c->err)) != SD_OK ||
	    (rc = admin_restore(c->st, dbfile, &c->err)) != SD_OK) {
		free(dbfile);
		cli_args_free(&a);
		return cli_fail(c);
	}
	free(dbfile);
	upath = out_from_locale(a.pos[0]);
	out_note(_("database restored from %s (schema version %d)"), upath, version);
	free(upath);
	cli_args_free(&a);
	return SD_OK;
}

/* ---------------------------------------------------------------- staff edit */

enum { OPT_NAME = 1, OPT_PHONE, OPT_ROLE, OPT_ACTIVE };

int
cli_staff_edit(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "name", 0, true, false, OPT_NAME },
		{ "phone", 0, true, false, OPT_PHONE },
		{ "role", 0, true, false, OPT_ROLE },
		{ "active", 0, true, false, OPT_ACTIVE },
		{ NULL, 0, false, false, 0 }
	};
	const char *cmd = "staff edit";
	sd_staff before = { 0 }, after = { 0 };
	int role = -1, active = -1;
	cli_args a;
	int rc;

	if ((rc = cli_parse(cmd, opts, "t", argc, argv, raw, &a)) != SD_OK)
		return rc;
	if (a.help) {
		cli_args_free(&a);
		return cli_print_help(_(
"Usage: servdesk staff edit LOGIN [--name NAME] [--phone TEL] [--role ROLE]\n"
"                           [--active 0|1]\n"
"Change a member of staff; what is not given stays as it is. --phone ''\n"
"clears the phone. --active 0 deactivates (the person keeps their history\n"
"but may no longer change anything). The last active supervisor cannot be\n"
"deactivated or given another role.\n"
"Only a supervisor may change the staff list.\n"));
	}
	if (a.npos != 1)
		rc = cli_usage(cmd, "%s", _("one LOGIN expected"));
	else if (cli_opt_has(&a, OPT_ROLE) &&
	         (role = staff_role_parse(cli_opt_get(&a, OPT_ROLE))) < 0)
		rc = cli_usage(cmd, _("unknown role '%s'"), cli_opt_get(&a, OPT_ROLE));
	else if (cli_opt_has(&a, OPT_ACTIVE)) {
		const char *v = cli_opt_get(&a, OPT_ACTIVE);
		if (strcmp(v, "0") == 0)
			active = 0;
		else if (strcmp(v, "1") == 0)
			active = 1;
		else
			rc = cli_usage(cmd, _("--active takes 0 or 1, not '%s'"), v);
	}
	if (rc == SD_OK && a.nopt == 0)
		rc = cli_usage(cmd, "%s", _("nothing to change (give --name, --phone, --role or --active)"));
	if (rc != SD_OK) {
		cli_args_free(&a);
		return rc;
	}
	if ((rc = cli_open(c, false)) != SD_OK ||
	    (rc = cli_require(c, ACT_STAFF_CHANGE, cmd)) != SD_OK ||
	    (rc = staff_get(c->st, a.pos[0], &before, &c->err)) != SD_OK)
		goto fail;
	after.login = xstrdup(before.login);
	after.name = xstrdup(cli_opt_has(&a, OPT_NAME) ? cli_opt_get(&a, OPT_NAME) : before.name);
	after.phone = xstrdup(cli_opt_has(&a, OPT_PHONE) ? cli_opt_get(&a, OPT_PHONE) : before.phone);
	after.role = role >= 0 ? role : before.role;
	after.active = active >= 0 ? active == 1 : before.active;
	if ((rc = staff_edit(c->st, &before, &after, &c->err)) != SD_OK)
		goto fail;
	staff_free(&before);
	staff_free(&after);
	cli_args_free(&a);
	return SD_OK;
fail:
	staff_free(&before);
	staff_free(&after);
	cli_args_free(&a);
	return cli_fail(c);
}
