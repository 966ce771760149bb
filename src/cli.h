/*
 * cli.h — the command line of servdesk: the context a command runs in, a
 * small option parser, and the commands themselves (init, request, staff,
 * import, export).
 *
 * Arguments arrive twice: as UTF-8 (converted from the locale's charset) for
 * text, and as the original bytes for file names, which the file system
 * knows in the locale's charset. No curses.
 */
#ifndef SERVDESK_CLI_H
#define SERVDESK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "buf.h"
#include "doc.h"
#include "enc.h"
#include "intake.h"
#include "json.h"
#include "staff.h"
#include "store.h"

/* The one context of a command-line run. */
typedef struct cli {
	char *dbpath;        /* database path (original bytes), malloc'd */
	bool dbdefault;      /* the default path (no --db, no SERVDESK_DB): its directories may be made */
	const char *user;    /* the acting person (sd_current_user) */
	store *st;           /* open database, or NULL */
	sd_err err;          /* the last error */
} cli;

/* One option a command accepts. */
struct cli_opt {
	const char *name;    /* long name without "--" ("channel"), NULL ends a table */
	char shortname;      /* one-letter form ('o' for -o), 0 if none */
	bool has_arg;        /* takes a value (the next argument, or after '=') */
	bool path;           /* the value is a file name: kept as original bytes */
	int id;              /* what the command calls it */
};

/* One option as given. */
struct cli_optval {
	int id;
	const char *val;     /* UTF-8 text, or original bytes for a path; NULL without value */
};

/* The parsed arguments of one command. */
typedef struct cli_args {
	const char *pos[8];  /* positional arguments (UTF-8, or bytes where posspec says 'p') */
	int npos;
	struct cli_optval *opt;   /* options in the order given, malloc'd */
	int nopt;
	bool help;           /* --help was given */
} cli_args;

/*
 * Parse argv[0..argc) (the arguments after the command's name; argv is UTF-8
 * or NULL where the original argument was not valid in the locale's charset,
 * raw holds the original bytes) against opts. posspec has one letter per
 * allowed positional argument: 't' text, 'p' path. Long options are
 * "--name value" or "--name=value", short ones "-o value" or "-ovalue"; an
 * option that takes a value always takes the next argument, even one that
 * starts with '-'; "--" ends the options. --help is always accepted.
 * Returns SD_OK, or SD_USAGE after printing a one-line message naming cmd
 * with a hint to "--help". Free with cli_args_free.
 */
int cli_parse(const char *cmd, const struct cli_opt *opts, const char *posspec,
              int argc, char **argv, char **raw, cli_args *out);

void cli_args_free(cli_args *a);

/* The last value given for option id, or NULL. */
const char *cli_opt_get(const cli_args *a, int id);

/* Was option id given? */
bool cli_opt_has(const cli_args *a, int id);

/*
 * Print a usage error for cmd ("servdesk: CMD: MESSAGE; try 'servdesk CMD
 * --help'") and return SD_USAGE.
 */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Output formats of lists and records (bit i of an `allowed` mask: format i). */
enum cli_format { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_TEXT };

/* Print a command's help text to standard output; SD_OK or SD_IOERR (printed). */
int cli_print_help(const char *text);

/*
 * Parse a --format value among the formats in allowed (1u << FMT_...) into
 * *fmt; SD_OK, or SD_USAGE after printing "unknown format".
 */
int cli_parse_format(const char *cmd, const char *s, unsigned allowed, int *fmt);

/* Where a printable document goes (cli_doc.c). */
typedef struct cli_docout {
	doc_opts o;            /* format (text, csv, json, xlsx, pdf) and text width */
	sd_encoding enc;       /* text and CSV: UTF-8 or GB18030 */
	const char *path;      /* -o FILE (original bytes), or NULL: standard output */
	bool print;            /* --print: to the print command */
} cli_docout;

/*
 * The values of --format, --encoding, --width, -o and --print (each NULL or
 * false when not given) into d: text by default, PDF by default with
 * --print; XLSX and PDF only into a file, a pipe or the printer, never to a
 * terminal. SD_OK, or SD_USAGE after printing one line.
 */
int cli_docout_parse(const char *cmd, const char *format, const char *encoding, const char *width,
                     const char *path, bool print, cli_docout *d);

/*
 * Render doc as d says and write it: text and CSV in d->enc, JSON in UTF-8,
 * XLSX and PDF as they are. SD_OK, or a status with c->err set.
 */
int cli_docout_write(cli *c, const cli_docout *d, const sd_doc *doc);

/*
 * Finish a command that wrote to standard output: flush it; if that or the
 * writes (rc) failed, report (SD_IOERR "standard output: write error" unless
 * c->err says more) and return the status, else SD_OK.
 */
int cli_finish_output(cli *c, int rc);

/* A usage error for a missing required option --name; returns SD_USAGE. */
int cli_need_opt(const char *cmd, const char *name);

/* Replace *dst by a copy of s (NULL when s is empty). */
void cli_set_text(char **dst, const char *s);

/* Print c->err.msg as an error line and return c->err.status. */
int cli_fail(cli *c);

/*
 * Open the database (STORE_OPEN_EXISTING, or creating it when create is
 * true) into c->st. Returns a status with c->err filled.
 */
int cli_open(cli *c, bool create);

/*
 * Check that the acting person may do action (staff_permit). Returns SD_OK,
 * or SD_NOPERM with c->err filled ("WHAT: reason").
 */
int cli_require(cli *c, enum sd_action action, const char *what);

/*
 * Run the command in argv[0..argc) (argv[0] is the command's name; argv and
 * raw as for cli_parse). Prints its output and its errors; returns the exit
 * status.
 */
int cli_run(cli *c, int argc, char **argv, char **raw);

/* The request commands (argv[0] is the subcommand: add, list, show, ...). */
int cli_request(cli *c, int argc, char **argv, char **raw);
/* The request fields' options (--channel ... --received) and applying them to r (cli_request.c). */
const struct cli_opt *cli_request_field_opts(void);
int cli_request_fields(const char *cmd, const cli_args *a, sd_request *r);
/* The fax inbox: list, register, discard (cli_inbox.c). */
int cli_inbox(cli *c, int argc, char **argv, char **raw);

/* The after-sales ledger: ledger, complaint and policy commands (cli_ledger.c). */
int cli_ledger(cli *c, int argc, char **argv, char **raw);
/* ledger report REGNO: the service report of an entry (cli_servreport.c) */
int cli_ledger_report(cli *c, int argc, char **argv, char **raw);
int cli_complaint(cli *c, int argc, char **argv, char **raw);
/* A subcommand's handler; the handling subcommands of servdesk complaint (cli_complaint.c). */
typedef int (*cli_fn)(cli *c, int argc, char **argv, char **raw);
cli_fn cli_complaint_sub(const char *name);
int cli_policy_complaint(cli *c, int argc, char **argv, char **raw);
/* servdesk customer edit (cli_engineer.c), and the appointed engineer's lines of a customer. */
int cli_customer_edit(cli *c, int argc, char **argv, char **raw);
void cli_appointed_text(store *st, buf *b, const char *customer);
/* The members "engineer", "deputy", "engineer_agreed_by" of customer's JSON object. */
void cli_appointed_json(store *st, sd_json *j, const char *customer);
/* "login (name), deputy login (name)" of customer's appointed engineers, malloc'd; NULL if none. */
char *cli_appointed_line(store *st, const char *customer);
/* The appointed engineer of ledger entry regno's customer, malloc'd; NULL with err set if none. */
char *cli_appointed_engineer(store *st, const char *regno, sd_err *err);
int cli_policy(cli *c, int argc, char **argv, char **raw);

/* The spare-parts store (cli_stock.c). */
int cli_stock(cli *c, int argc, char **argv, char **raw);
/* Stocktake (盘点): start, sheet, count, post (cli_stocktake.c). */
int cli_stocktake(cli *c, int argc, char **argv, char **raw);

/* The follow-up visit schedule: plan, add, list, outcomes, rules (cli_visit.c). */
int cli_visit(cli *c, int argc, char **argv, char **raw);
/* Installation and commissioning, and training (cli_install.c). */
int cli_install(cli *c, int argc, char **argv, char **raw);
int cli_training(cli *c, int argc, char **argv, char **raw);
/* The monthly summary and the customer's yearly report (cli_report.c). */
int cli_report(cli *c, int argc, char **argv, char **raw);

/* Customers and equipment (cli_customer.c). */
int cli_customer(cli *c, int argc, char **argv, char **raw);
int cli_equipment(cli *c, int argc, char **argv, char **raw);
int cli_contract(cli *c, int argc, char **argv, char **raw);
/* equipment expiring (in cli_contract.c) */
int cli_equipment_expiring(cli *c, int argc, char **argv, char **raw);

/* The shared database: audit, backup, restore, staff edit (cli_admin.c). */
int cli_audit(cli *c, int argc, char **argv, char **raw);
int cli_backup(cli *c, int argc, char **argv, char **raw);
int cli_restore(cli *c, int argc, char **argv, char **raw);
int cli_staff_edit(cli *c, int argc, char **argv, char **raw);

/* The site settings: list, set, unset (cli_setting.c). */
int cli_setting(cli *c, int argc, char **argv, char **raw);

/* Factory repair orders and loan units (cli_repair.c): `repair ...`, and
 * `ledger repair|loan|loan-return` reached through cli_ledger. */
int cli_repair(cli *c, int argc, char **argv, char **raw);
int cli_ledger_repair(cli *c, int argc, char **argv, char **raw);
/* Quotations (cli_quote.c): `quote ...`, and `ledger quote` reached through cli_ledger. */
int cli_quote(cli *c, int argc, char **argv, char **raw);
int cli_ledger_quote(cli *c, int argc, char **argv, char **raw);
int cli_ledger_loan(cli *c, int argc, char **argv, char **raw);
int cli_ledger_loan_return(cli *c, int argc, char **argv, char **raw);

/* Returns and exchanges (cli_return.c): `return ...`. */
int cli_return(cli *c, int argc, char **argv, char **raw);

/* Print the overview of all commands to stdout; SD_OK or SD_IOERR. */
int cli_help(void);

#endif
