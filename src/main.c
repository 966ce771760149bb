/*
 * main.c — servdesk's entry point: locale and message catalogue, arguments
 * to UTF-8, the global options, then the desk or a command.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "common.h"
#include "enc.h"
#include "out.h"
#include "priv.h"
#include "store.h"
#include "text.h"
#include "ui.h"

/*
 * The UTF-8 form of each argument: converted from GB18030 in such a locale,
 * checked as UTF-8 elsewhere (ASCII locales pass UTF-8 through). NULL where
 * the bytes are invalid; the parser refuses such an argument wherever it is
 * used as text (file names keep their original bytes).
 */
static char **
args_to_utf8(int argc, char **argv)
{
	char **u = xcalloc((size_t)argc + 1, sizeof *u);
	bool convert = enc_locale() == ENC_GB18030;

	for (int i = 0; i < argc; i++) {
		if (convert)
			u[i] = enc_locale_to_utf8(argv[i]);
		else if (utf8_valid(argv[i], strlen(argv[i]), NULL))
			u[i] = xstrdup(argv[i]);
	}
	return u;
}

static int
run_desk(cli *c)
{
	int rc;

	/* as every command: a database that is not there is refused, never made anew */
	if ((rc = cli_open(c, false)) != SD_OK)
		return cli_fail(c);
	sd_err_clear(&c->err);
	if ((rc = ui_run(c->st, &c->err)) != SD_OK)
		return cli_fail(c);
	return SD_OK;
}

int
main(int argc, char **argv)
{
	/* installed set-group-ID: the message catalogue is the installed one */
	const char *localedir = priv_setgid() ? NULL : getenv("SERVDESK_LOCALEDIR");
	const char *dbopt = NULL;
	cli c = { 0 };
	char **uargv;
	int i, rc;

	/* Past a file-size limit, writes fail with EFBIG (reported, exit 74)
	 * instead of the signal killing the program mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	/* messages stay UTF-8 inside; out.c converts them for the terminal */
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);

	uargv = args_to_utf8(argc, argv);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--help") == 0) {
			rc = cli_help();
			goto done;
		}
		if (strcmp(a, "--version") == 0) {
			sd_err e;

			sd_err_clear(&e);
			out_printf(stdout, "servdesk %s\n", PACKAGE_VERSION);
			if ((rc = out_flush(stdout, _("standard output"), &e)) != SD_OK)
				out_error("%s", e.msg);
			goto done;
		}
		if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc) {
				rc = cli_usage("", _("option '--%s' requires a value"), "db");
				goto done;
			}
			dbopt = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			dbopt = a + 5;
		} else {
			rc = cli_usage("", _("unknown option '%s'"), uargv[i] ? uargv[i] : "?");
			goto done;
		}
		if (!*dbopt) {
			rc = cli_usage("", "%s", _("empty database file name"));
			goto done;
		}
	}

	if (priv_setgid()) {
		char *conf = NULL;
		sd_err e;

		sd_err_clear(&e);
		/* only root may point the set-group-ID program at another database */
		if (dbopt && getuid() != 0) {
			out_error("%s", _("--db: not permitted: servdesk is installed for a shared database; only root may name another"));
			rc = SD_NOPERM;
			goto done;
		}
		if (!dbopt && (store_conf_database(&conf, &e) != SD_OK || !conf)) {
			if (e.status == SD_OK)
				sd_err_set(&e, SD_NOINPUT, _("%s names no database (database = PATH)"),
				           store_conf_path());
			out_error("%s", e.msg);
			rc = e.status;
			goto done;
		}
		free(conf);
	}
	c.dbpath = store_default_path(dbopt);
	c.dbdefault = !dbopt && (priv_setgid() || !(getenv("SERVDESK_DB") && *getenv("SERVDESK_DB")));
	c.user = sd_current_user();
	sd_err_clear(&c.err);
	if (i >= argc)
		rc = run_desk(&c);
	else
		rc = cli_run(&c, argc - i, uargv + i, argv + i);
	if (c.st)
		store_close(c.st);
	free(c.dbpath);
done:
	for (int k = 0; k < argc; k++)
		free(uargv[k]);
	free(uargv);
	return rc;
}
