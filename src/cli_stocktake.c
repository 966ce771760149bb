/*
 * cli_stocktake.c — the stocktake commands (盘点): start, sheet, count,
 * import, show and post. Every one needs ACT_STOCK_MOVE.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "common.h"
#include "csv.h"
#include "enc.h"
#include "json.h"
#include "out.h"
#include "staff.h"
#include "stocktake.h"
#include "store.h"

enum { OPT_BLIND = 1, OPT_ENCODING, OPT_OUTPUT, OPT_FORMAT, OPT_PRINT, OPT_WIDTH };

#define OPT_END { NULL, 0, false, false, 0 }

static int
open_for(cli *c, const char *cmd)
{
	if (cli_open(c, false) != SD_OK || cli_require(c, ACT_STOCK_MOVE, cmd) != SD_OK)
		return cli_fail(c);
	return SD_OK;
}

/* A stocktake number (> 0) or a whole number >= 0. SD_OK or SD_USAGE. */
static int
parse_num(const char *cmd, const char *what, const char *s, long long *out)
{
	char *end;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return cli_usage(cmd, _("invalid %s '%s' (a whole number expected)"), what, s ? s : "");
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v > 1000000000LL)
		return cli_usage(cmd, _("invalid %s '%s' (a whole number expected)"), what, s);
	*out = v;
	return SD_OK;
}

static int
parse_enc(const char *cmd, const cli_args *a, sd_encoding *enc)
{
	const char *v = cli_opt_get(a, OPT_ENCODING);

	*enc = ENC_UTF8;
	if (v && enc_parse(v, enc) != SD_OK)
		return cli_usage(cmd, _("unknown encoding '%s'"), v);
	return SD_OK;
}

/* Parse, handle --help; returns SD_OK to go on, or -1 with *rc the status. */
static int
parse(const char *cmd, const struct cli_opt *opts, const char *spec, const char *help,
      int argc, char **argv, char **raw, cli_args *a, int *rc)
{
	if ((*rc = cli_parse(cmd, opts, spec, argc, argv, raw, a)) != SD_OK)
		return -1;
	if (a->help) {
		cli_args_free(a);
		*rc = cli_print_help(help);
		return -1;
	}
	return SD_OK;
}

static int
st_start(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { "blind", 0, false, false, OPT_BLIND }, OPT_END };
	long long id = 0;
	cli_args a;
	int rc;

	if (parse("stocktake start", opts, "", _(
"Usage: servdesk stocktake start [--blind]\n"
"Start a stocktake (盘点): snapshot the stock of every active part.\n"
"  --blind   the count sheet shows no expected quantities\n"),
	          argc, argv, raw, &a, &rc))
		return rc;
	if ((rc = open_for(c, "stocktake start")) == SD_OK) {
		if ((rc = stocktake_start(c->st, cli_opt_has(&a, OPT_BLIND), &id, &c->err)) != SD_OK)
			rc = cli_fail(c);
		else
			out_printf(stdout, "%lld\n", id);
	}
	cli_args_free(&a);
	return rc;
}

static int
st_sheet(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = {
		{ "format", 0, true, false, OPT_FORMAT },
		{ "encoding", 0, true, false, OPT_ENCODING },
		{ "width", 0, true, false, OPT_WIDTH },
		{ "output", 'o', true, true, OPT_OUTPUT },
		{ "print", 0, false, false, OPT_PRINT },
		OPT_END
	};
	long long id = 0;
	cli_docout d;
	sd_doc *doc = NULL;
	cli_args a;
	int rc;

	if (parse("stocktake sheet", opts, "t", _(
"Usage: servdesk stocktake sheet [ID] [--format text|csv|json|xlsx|pdf]\n"
"           [--encoding utf-8|gb18030] [--width 80|132] [-o FILE | --print]\n"
"The count sheet (盘点表) of a stocktake (default: the newest): every part\n"
"with its location, the expected quantity (none on a blind stocktake) and a\n"
"blank for the count; paginated text of 60 lines a page by default.\n"
"  --format   text (default), csv, json, xlsx or pdf (xlsx and pdf only with\n"
"             -o FILE or --print)\n"
"  --encoding utf-8 (default) or gb18030, for text and csv\n"
"  --width    80 (default) or 132 columns (text)\n"
"  -o FILE    write the sheet to FILE instead of standard output\n"
"  --print    send the sheet to the print command (the setting print_command,\n"
"             default lpr): a PDF, or the paginated text with --format text;\n"
"             exit 74 if it cannot be started or fails\n"),
	          argc, argv, raw, &a, &rc))
		return rc;
	if ((a.npos == 1 && (rc = parse_num("stocktake sheet", _("stocktake number"), a.pos[0], &id))) ||
	    (rc = cli_docout_parse("stocktake sheet", cli_opt_get(&a, OPT_FORMAT),
	                           cli_opt_get(&a, OPT_ENCODING), cli_opt_get(&a, OPT_WIDTH),
	                           cli_opt_get(&a, OPT_OUTPUT), cli_opt_has(&a, OPT_PRINT), &d)) ||
	    (rc = open_for(c, "stocktake sheet"))) {
		cli_args_free(&a);
		return rc;
	}
	d.o.page_lines = STOCKTAKE_SHEET_LINES;
	if ((rc = stocktake_sheet_doc(c->st, id, &doc, &c->err)) == SD_OK)
		rc = cli_docout_write(c, &d, doc);
	if (rc != SD_OK)
		rc = cli_fail(c);
	doc_free(doc);
	cli_args_free(&a);
	return rc;
}

static int
st_count(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	long long id = 0, qty = 0;
	cli_args a;
	int rc;

	if (parse("stocktake count", opts, "ttt", _(
"Usage: servdesk stocktake count ID PARTNO QTY\n"
"Record (or correct) the counted quantity of a part.\n"),
	          argc, argv, raw, &a, &rc))
		return rc;
	if (a.npos != 3)
		rc = cli_usage("stocktake count", "%s", _("ID, PARTNO and QTY expected"));
	else if (!(rc = parse_num("stocktake count", _("stocktake number"), a.pos[0], &id)) &&
	         !(rc = parse_num("stocktake count", _("quantity"), a.pos[2], &qty)) &&
	         !(rc = open_for(c, "stocktake count")) &&
	         (rc = stocktake_count(c->st, id, a.pos[1], (long)qty, &c->err)))
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

static int
st_import(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { "encoding", 0, true, false, OPT_ENCODING }, OPT_END };
	long long id = 0;
	long n = 0;
	sd_encoding enc;
	cli_args a;
	int rc;

	if (parse("stocktake import", opts, "tp", _(
"Usage: servdesk stocktake import ID FILE [--encoding utf-8|gb18030]\n"
"Take counts from a CSV file with the columns part_no (备件编号) and counted (实盘数量).\n"),
	          argc, argv, raw, &a, &rc))
		return rc;
	if (a.npos != 2)
		rc = cli_usage("stocktake import", "%s", _("ID and FILE expected"));
	else if (!(rc = parse_num("stocktake import", _("stocktake number"), a.pos[0], &id)) &&
	         !(rc = parse_enc("stocktake import", &a, &enc)) &&
	         !(rc = open_for(c, "stocktake import"))) {
		if (!cli_opt_has(&a, OPT_ENCODING))
			enc = ENC_AUTO;
		if ((rc = stocktake_import_counts(c->st, id, a.pos[1], enc, &n, &c->err)))
			rc = cli_fail(c);
		else
			out_note(_("%ld counts imported"), n);
	}
	cli_args_free(&a);
	return rc;
}

struct show {
	int fmt;
	out_table *t;
	buf b;
	sd_json j;
	long n;
};

static int
show_line(const sd_stocktake_line *l, void *arg)
{
	struct show *s = arg;
	char e[24], k[24], m[24], d[24];

	snprintf(e, sizeof e, "%ld", l->expected);
	snprintf(k, sizeof k, "%ld", l->counted);
	snprintf(m, sizeof m, "%ld", l->moved);
	snprintf(d, sizeof d, "%ld", l->diff);
	if (s->fmt == FMT_JSON) {
		json_obj(&s->j);
		json_kstr(&s->j, "part_no", l->part_no);
		json_kstr(&s->j, "location", l->location);
		json_kint(&s->j, "expected", l->expected);
		json_kint(&s->j, "counted", l->counted);
		json_kint(&s->j, "moved", l->moved);
		json_kint(&s->j, "difference", l->diff);
		json_end(&s->j);
	} else {
		const char *cells[] = { l->part_no, l->name, l->location, e, k, m, d };
		if (s->fmt == FMT_CSV)
			csv_put_record(&s->b, cells, SD_ARRAY_LEN(cells));
		else
			out_table_add(s->t, cells);
	}
	s->n++;
	return SD_OK;
}

static int
st_show(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { { "format", 0, true, false, OPT_FORMAT }, OPT_END };
	static const char *const headers[] = { N_("Part no."), N_("Name"), N_("Location"),
		N_("Expected"), N_("Counted"), N_("Moved since"), N_("Difference") };
	static const char *const codes[] = { "part_no", "name", "location", "expected", "counted",
		"moved", "difference" };
	const char *h[SD_ARRAY_LEN(headers)];
	struct show s = { .fmt = FMT_TABLE };
	long long id = 0;
	const char *v;
	cli_args a;
	int rc;

	if (parse("stocktake show", opts, "t", _(
"Usage: servdesk stocktake show [ID] [--format table|csv|json]\n"
"The counted lines of a stocktake (default: the newest) that differ from the snapshot.\n"),
	          argc, argv, raw, &a, &rc))
		return rc;
	if ((a.npos == 1 && (rc = parse_num("stocktake show", _("stocktake number"), a.pos[0], &id))) ||
	    ((v = cli_opt_get(&a, OPT_FORMAT)) &&
	     (rc = cli_parse_format("stocktake show", v,
	                            1u << FMT_TABLE | 1u << FMT_CSV | 1u << FMT_JSON, &s.fmt))) ||
	    (rc = open_for(c, "stocktake show"))) {
		cli_args_free(&a);
		return rc;
	}
	for (size_t i = 0; i < SD_ARRAY_LEN(headers); i++)
		h[i] = _(headers[i]);
	s.t = out_table_new(SD_ARRAY_LEN(headers), h, NULL);
	json_start(&s.j, &s.b);
	if (s.fmt == FMT_JSON)
		json_arr(&s.j);
	else if (s.fmt == FMT_CSV)
		csv_put_record(&s.b, codes, SD_ARRAY_LEN(codes));
	if ((rc = stocktake_lines(c->st, id, true, show_line, &s, &c->err)) != SD_OK) {
		rc = cli_fail(c);
	} else if (s.fmt == FMT_JSON) {
		json_end(&s.j);
		buf_putc(&s.b, '\n');
		out_write(stdout, s.b.data, s.b.len);
	} else if (s.fmt == FMT_CSV) {
		rc = out_write(stdout, s.b.data ? s.b.data : "", s.b.len);
	} else {
		rc = out_table_print(s.t, stdout);
	}
	out_table_free(s.t);
	buf_free(&s.b);
	cli_args_free(&a);
	if (rc == SD_OK && out_flush(stdout, _("standard output"), &c->err) != SD_OK)
		return cli_fail(c);
	return rc;
}

static int
st_post(cli *c, int argc, char **argv, char **raw)
{
	static const struct cli_opt opts[] = { OPT_END };
	long long id = 0;
	cli_args a;
	int rc;

	if (parse("stocktake post", opts, "t", _(
"Usage: servdesk stocktake post ID\n"
"Post the differences of a stocktake as count movements, in one transaction.\n"),
	          argc, argv, raw, &a, &rc))
		return rc;
	if (a.npos != 1)
		rc = cli_usage("stocktake post", "%s", _("ID expected"));
	else if (!(rc = parse_num("stocktake post", _("stocktake number"), a.pos[0], &id)) &&
	         !(rc = open_for(c, "stocktake post")) &&
	         (rc = stocktake_post(c->st, id, &c->err)))
		rc = cli_fail(c);
	cli_args_free(&a);
	return rc;
}

int
cli_stocktake(cli *c, int argc, char **argv, char **raw)
{
	static const struct {
		const char *name;
		int (*fn)(cli *, int, char **, char **);
	} subs[] = {
		{ "start", st_start }, { "sheet", st_sheet }, { "count", st_count },
		{ "import", st_import }, { "show", st_show }, { "post", st_post },
	};

	if (argc < 1)
		return cli_usage("stocktake", _("a subcommand is required (%s)"),
		                 "start, sheet, count, import, show, post");
	for (size_t i = 0; i < SD_ARRAY_LEN(subs); i++)
		if (strcmp(raw[0], subs[i].name) == 0)
			return subs[i].fn(c, argc - 1, argv + 1, raw + 1);
	if (strcmp(raw[0], "--help") == 0)
		return cli_print_help(_(
"Usage: servdesk stocktake start|sheet|count|import|show|post ...\n"
"The stocktake (盘点) of the spare-parts store.\n"
"\n"
"  start    snapshot the stock (--blind: no expected figures on the sheet)\n"
"  sheet    print the count sheet (--print: to the printer)\n"
"  count    record a counted quantity\n"
"  import   take counts from a CSV file\n"
"  show     the lines with differences\n"
"  post     post the differences as count movements\n"));
	if (!argv[0])
		return cli_usage("stocktake", "%s", _("invalid argument"));
	return cli_usage("stocktake", _("unknown subcommand '%s'"), argv[0]);
}
